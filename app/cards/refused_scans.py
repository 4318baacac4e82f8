"""Reading the scans that recorded no use, venue by venue, newest first."""
from sqlalchemy import Row, Select, func, select

from app.extensions import db
from app.models import Organisation, RefusedScan


def _matching(area_ids: list[int] | None, reason: str | None) -> Select:
    """Every venue's (`area_ids` None), or the venues of these areas."""
    query = select(RefusedScan, Organisation).join(Organisation, Organisation.id == RefusedScan.venue_id)
    if area_ids is not None:
        query = query.where(Organisation.kind == "venue", Organisation.area_id.in_(area_ids))
    if reason:
        query = query.where(RefusedScan.reason == reason)
    return query


def count(area_ids: list[int] | None, reason: str | None) -> int:
    return db.session.scalar(_matching(area_ids, reason).with_only_columns(func.count()).order_by(None))


def page(area_ids: list[int] | None, reason: str | None, *, number: int, size: int) -> list[Row]:
    """(refused scan, venue) pairs."""
    query = _matching(area_ids, reason).order_by(RefusedScan.at.desc(), RefusedScan.id.desc())
    return list(db.session.execute(query.limit(size).offset((number - 1) * size)))
