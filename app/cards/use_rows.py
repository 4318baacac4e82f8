"""Storing a use: one INSERT ... ON CONFLICT DO NOTHING RETURNING id on PostgreSQL and SQLite (3.35+),
so a client_scan_id the venue already sent records nothing and costs no savepoint. Flush only."""
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from app.extensions import db
from app.models import Use

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
_statements = {}


def _statement(dialect: str):
    """Built once per dialect, values given as parameters: building and compiling an INSERT with
    its values cost more than running it."""
    statement = _statements.get(dialect)
    if statement is None:
        table = Use.__table__
        statement = _statements[dialect] = (
            INSERTS[dialect](table).on_conflict_do_nothing(index_elements=["venue_id", "client_scan_id"])
            .returning(table.c.id))
    return statement


def insert_use(values: dict[str, Any]) -> Use | None:
    """The new use (in the session, as if loaded), or None when the venue already has a use with
    this client_scan_id (another request recorded it first)."""
    session = db.session()
    dialect = session.get_bind().dialect.name
    if dialect not in INSERTS:
        return _insert_in_savepoint(values)
    new_id = session.connection().execute(_statement(dialect), values).scalar()
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
