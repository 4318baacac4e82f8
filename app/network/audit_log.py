"""Reading the audit log: the entries a coordinator (its areas) or the national admin (all) may see,
filtered and a page at a time, and the names of what the entries point at.

A page is read with one more row than it shows (whether there is a next page), never with a count of
every matching entry, and the action filter offers the fixed list of actions the code writes: both
read every entry before, at national scale 75,000 of them on each view. A coordinator's page is read
along the index audit_entry(area_id, at, id), the national admin's along (at, id)."""
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, func, select

from app.core.labels import AUDIT_ACTION
from app.network.scope import coordinator_areas, is_national
from app.extensions import db
from app.models import AnnualTask, Area, AuditEntry, CommitmentVersion, Invitation, Organisation, StockRequest, Use, User
from app.models.base import helsinki_day_bounds


def _in_scope(principal) -> Select:
    query = select(AuditEntry)
    if not is_national(principal):
        query = query.where(AuditEntry.area_id.in_(coordinator_areas(principal).keys()))
    return query


def _matching(principal, action: str | None, start: date | None, end: date | None) -> Select:
    query = _in_scope(principal)
    if action:
        query = query.where(AuditEntry.action == action)
    if start:
        query = query.where(AuditEntry.at >= helsinki_day_bounds(start)[0])
    if end:
        query = query.where(AuditEntry.at < helsinki_day_bounds(end)[1])
    return query


def actions(principal) -> list[str]:
    """The actions the filter offers: every action the code writes (each has a label), without reading
    the log. (`principal` is kept for callers: the list is the same for everyone.)"""
    return sorted(AUDIT_ACTION)


def count(principal, *, action: str | None, start: date | None, end: date | None) -> int:
    query = _matching(principal, action, start, end)
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def page(principal, *, action: str | None, start: date | None, end: date | None, number: int,
         size: int, look_ahead: int = 0) -> list[Row]:
    """(entry, the acting person's e-mail) pairs, newest first: page `number` of `size` entries, and
    `look_ahead` more after it (one tells whether there is a next page)."""
    query = _matching(principal, action, start, end)
    return list(db.session.execute(
        query.add_columns(User.email).outerjoin(User, User.id == AuditEntry.user_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(size + look_ahead).offset((number - 1) * size)
    ))


def _target_queries() -> dict[str, Select]:
    """For each kind of target, its name columns; the first column is the id the entry points at."""
    return {
        "organisation": select(Organisation.id, Organisation.name, Organisation.kind),
        "user": select(User.id, User.email),
        "area": select(Area.id, Area.name),
        "invitation": select(Invitation.id, Invitation.email),
        "commitment_version": select(CommitmentVersion.id, CommitmentVersion.version),
        "use": select(Use.id, Organisation.name).join(Organisation, Use.venue_id == Organisation.id),
        "stock_request": select(StockRequest.id, Organisation.name, StockRequest.count)
                         .join(Organisation, StockRequest.site_id == Organisation.id),
        "annual_task": select(AnnualTask.id, AnnualTask.text_fi, AnnualTask.text_sv, AnnualTask.text_en),
    }


def targets(wanted: dict[str, set[int]]) -> dict[str, dict[int, Any]]:
    """kind -> id -> row of name columns, one query per kind asked for (kinds without names are skipped)."""
    found: dict[str, dict[int, Any]] = {}
    known = _target_queries()
    for kind, ids in wanted.items():
        if kind in known:
            query = known[kind]
            found[kind] = {row[0]: row for row in db.session.execute(query.where(query.selected_columns[0].in_(ids)))}
    return found
