"""Storing a use: one INSERT ... ON CONFLICT DO NOTHING RETURNING id on PostgreSQL and SQLite (3.35+),
so a client_scan_id the venue already sent records nothing and costs no savepoint. Flush only."""
import threading
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from app.extensions import db
from app.models import Use
from app.models.base import helsinki_date

# Both speak this INSERT; any other database records through a savepoint.
ON_CONFLICT_DIALECTS = ("postgresql", "sqlite")
COLUMNS = ("client_scan_id", "card_id", "venue_id", "user_id", "api_key_id", "scanned_at", "scanned_on",
           "received_at", "category", "adults", "children", "assistants", "event_id", "source", "warning",
           "verdict")


def _statement():
    """Written as text with typed parameters, because SQLAlchemy compiles its dialects' INSERT ... ON
    CONFLICT anew on every execution (they are not cacheable), which cost more than running it; a
    text statement is compiled once."""
    table = Use.__table__
    return (text(f"INSERT INTO {table.name} ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)}) "
                 "ON CONFLICT (venue_id, client_scan_id) DO NOTHING RETURNING id")
            .bindparams(*(bindparam(name, type_=table.c[name].type) for name in COLUMNS))
            .columns(table.c.id))


INSERT = _statement()

# SQLite has one write lock per file, and a writer that finds it taken sleeps in SQLite's busy handler in
# steps of milliseconds. A statement that commits by itself takes turns with this process's other
# threads here instead, without sleeping. (Never held across a transaction: a batch's later INSERTs would
# wait for a thread that waits for the batch's commit.)
_SQLITE_AUTOCOMMIT_WRITER = threading.Lock()


def insert_use(values: dict[str, Any]) -> Use | None:
    """The new use (in the session, as if loaded), or None when the venue already has a use with
    this client_scan_id (another request recorded it first)."""
    values = {"scanned_on": helsinki_date(values["scanned_at"]), **values}
    session = db.session()
    if session.get_bind().dialect.name not in ON_CONFLICT_DIALECTS:
        return _insert_in_savepoint(values)
    connection = session.connection()
    params = {column: values.get(column) for column in COLUMNS}
    if connection.dialect.name == "sqlite" and connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        with _SQLITE_AUTOCOMMIT_WRITER:
            new_id = connection.execute(INSERT, params).scalar()
    else:
        new_id = connection.execute(INSERT, params).scalar()
    if new_id is None:
        return None
    use = Use(id=new_id, undone_at=None, undone_by_id=None, **values)
    make_transient_to_detached(use)  # persistent without a query: what was inserted is what it holds
    session.add(use)
    return use


def _insert_in_savepoint(values: dict[str, Any]) -> Use | None:
    use = Use(**values)
    try:
        with db.session.begin_nested():
            db.session.add(use)
    except IntegrityError:
        return None
    return use
