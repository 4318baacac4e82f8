"""Card series: new IDs in bulk for the printer, allocated to an area or a site."""
import csv
from collections.abc import Callable
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.cards import ids
from app.core.errors import DomainError
from app.core.audit import Actor, audit
from app.extensions import db
from app.models import Area, Card, CardSeries, Organisation
from app.models.card import CARD_KINDS

MAX_SERIES = 100_000


def generate_series(count: int, *, kind: str = "client", area_id: int | None = None,
                    site_id: int | None = None, actor: Actor = Actor(),
                    progress: Callable[[int], None] | None = None) -> CardSeries:
    if not 1 <= count <= MAX_SERIES:
        raise DomainError("invalid_count", _("Count: 1 to %(max)d cards.", max=MAX_SERIES))
    if kind not in CARD_KINDS:
        raise DomainError("invalid_kind", _("Kind must be client or community."))
    site = db.session.get(Organisation, site_id) if site_id else None
    if site_id and (site is None or site.kind != "distributor"):
        raise DomainError("unknown_site", _("Unknown distributor site."), status=404)
    if site is not None:
        area_id = area_id or site.area_id
        if area_id != site.area_id:
            raise DomainError("site_not_in_area", _("The site is not in that area."))
    if area_id and db.session.get(Area, area_id) is None:
        raise DomainError("unknown_area", _("Unknown area."), status=404)
    series = CardSeries(kind=kind, count=count, area_id=area_id, created_by_id=actor.user_id)
    db.session.add(series)
    db.session.flush()
    made: set[str] = set()
    batch: list[dict] = []
    while len(made) < count:
        card_id = ids.generate()
        key = ids.legacy_key(card_id)
        if key in made:
            continue
        made.add(key)
        batch.append({"id": card_id, "lookup_key": key, "kind": kind, "state": "stock", "series_id": series.id,
                      "allocated_area_id": area_id, "allocated_site_id": site_id, "children": 0})
        if len(batch) == 1000 or len(made) == count:
            clashes = set(db.session.scalars(select(Card.lookup_key).where(
                Card.lookup_key.in_([row["lookup_key"] for row in batch]))))
            rows = [row for row in batch if row["lookup_key"] not in clashes]
            made -= clashes
            if rows:
                db.session.execute(Card.__table__.insert(), rows)
            batch = []
            if progress:
                progress(len(made))
    audit(actor, "series_generated", "card_series", series.id, area_id, count=count, kind=kind)
    db.session.flush()
    return series


def qr_payload(card_id: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL']}/c/{card_id}"


def write_printer_csv(series: CardSeries, out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(["id", "qr_payload", "code39"])
    count = 0
    for card_id in db.session.scalars(select(Card.id).where(Card.series_id == series.id).order_by(Card.id)):
        writer.writerow([card_id, qr_payload(card_id), card_id])
        count += 1
    return count


def find_series(series_id: int) -> CardSeries | None:
    return db.session.get(CardSeries, series_id)


def listed_series(area_ids: list[int] | None) -> list[CardSeries]:
    """Newest first: every series (`area_ids` None), or those of these areas."""
    query = select(CardSeries).order_by(CardSeries.id.desc())
    if area_ids is not None:
        query = query.where(CardSeries.area_id.in_(area_ids))
    return list(db.session.scalars(query))


def series_for_area(area_id: int, *, with_national: bool) -> list[CardSeries]:
    """The area's series to hand out from, newest first; with the national stock's for the national admin."""
    query = select(CardSeries).where(CardSeries.area_id == area_id)
    if with_national:
        query = select(CardSeries).where(or_(CardSeries.area_id == area_id, CardSeries.area_id.is_(None)))
    return list(db.session.scalars(query.order_by(CardSeries.id.desc())))
