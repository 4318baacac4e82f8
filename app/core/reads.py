"""Requests on the hot path without a transaction around them.

A card check reads a few rows and writes nothing, and recording a use (without an event) reads one
row and writes one with a single INSERT, which is atomic by itself. On PostgreSQL a transaction around
either costs two round trips of its own (BEGIN and COMMIT). `read_only_connection()` (for a request
that only reads) and `single_write_connection()` (for one whose only write is one statement) give the
request's session an autocommit connection when the session has not begun yet, so each statement is
one round trip; once a transaction is under way (something read or wrote before) it is that
transaction's connection, so nothing changes for the request. SQLite begins no transaction for reads,
and gains nothing there; but a write it would hold the database's one write lock from the INSERT until
the request commits, while other workers' writes wait in SQLite's busy handler, which sleeps in steps of
milliseconds. In autocommit the lock is held only while the statement runs.
"""
import time

from sqlalchemy import Connection, Engine, event, exc

from app.extensions import db

AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


def read_only_connection() -> Connection:
    session = db.session()
    if session.in_transaction() or session.get_bind().dialect.name == "sqlite":
        return session.connection()
    return session.connection(execution_options=AUTOCOMMIT)


def single_write_connection() -> Connection:
    """Only for a request that writes with one statement at most (anything more would not be atomic)."""
    session = db.session()
    if session.in_transaction():
        return session.connection()
    return session.connection(execution_options=AUTOCOMMIT)


IDLE_PING_SECONDS = 10.0


def ping_idle_connections(engine: Engine, idle_seconds: float = IDLE_PING_SECONDS) -> None:
    """`pool_pre_ping`, but only for a connection that has waited in the pool longer than `idle_seconds`:
    a busy worker's connections were in use a moment ago and are not asked again on every request (that
    cost a round trip per request), while one left idle (a database restart, a firewall that dropped
    it) is tested and replaced before a request gets it."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def returned(_dbapi_connection, record) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def taken(dbapi_connection, record, _proxy) -> None:
        if time.monotonic() - record.info.get("returned_at", float("-inf")) <= idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            raise exc.DisconnectionError(str(err)) from err  # the pool replaces it and tries again
