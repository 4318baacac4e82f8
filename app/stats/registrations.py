"""Cards: registrations by distributor site, renewals due. Scope as in app.stats.filters (cards)."""
from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Card, Organisation
from app.stats import filters
from app.stats.breakdowns import NOT_RECORDED, Row
from app.stats.period import Period
from app.stats.scope import Scope

RENEWAL_WINDOW_DAYS = 30


def registrations_by_site(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Cards registered in the period (the national table's definition) per issuing site, largest
    first; key "" for cards without a site (imported)."""
    rows = db.session.execute(
        select(Card.issuing_site_id, Organisation.name, func.count())
        .join(Organisation, Organisation.id == Card.issuing_site_id, isouter=True)
        .where(Card.registered_on >= period.start, Card.registered_on <= period.end, filters.cards_in_scope(scope))
        .group_by(Card.issuing_site_id, Organisation.name))
    found = [Row(str(site_id or ""), name or str(NOT_RECORDED), int(n)) for site_id, name, n in rows]
    return sorted(found, key=lambda row: (-row.count, row.label, row.key))


def renewals_due(today: date, scope: Scope = Scope(), days: int = RENEWAL_WINDOW_DAYS):
    """The condition: active cards whose validity ends within `days` from today (both included)."""
    return (Card.state == "active", Card.valid_until >= today, Card.valid_until <= today + timedelta(days=days),
            filters.cards_in_scope(scope))


def renewals_due_count(today: date, scope: Scope = Scope(), days: int = RENEWAL_WINDOW_DAYS) -> int:
    return db.session.scalar(select(func.count()).select_from(Card).where(*renewals_due(today, scope, days)))


def renewals_due_cards(today: date, scope: Scope = Scope(), days: int = RENEWAL_WINDOW_DAYS) -> list[Card]:
    return list(db.session.scalars(select(Card).where(*renewals_due(today, scope, days))
                                   .order_by(Card.valid_until, Card.id)))
