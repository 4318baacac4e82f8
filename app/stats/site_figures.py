"""A distributor site's own figures, and counts shown on a card's page."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Card, Organisation, Use
from app.stats.national import cards_registered_and_used
from app.stats.period import Period
from app.stats.registrations import RENEWAL_WINDOW_DAYS, renewals_due_cards
from app.stats.scope import Scope


@dataclass(frozen=True)
class YearFigures:
    year: int
    registered: int
    used: int

    @property
    def used_share(self) -> float | None:
        return self.used / self.registered if self.registered else None


@dataclass(frozen=True)
class SiteFigures:
    years: list[YearFigures]
    renewals_due: list[Card]


def use_count(card: Card) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Use).where(Use.card_id == card.id, Use.undone_at.is_(None)))


def year_figures(site: Organisation, year: int) -> YearFigures:
    """Registrations the site made in a calendar year (renewals excluded), and how many of those
    cards have been used at least once — the national table's definitions (app.stats.national)."""
    registered, used = cards_registered_and_used(Period.year(year), Scope.site(site.id))
    return YearFigures(year=year, registered=registered, used=used)


def renewals_due(site: Organisation, today: date, days: int = RENEWAL_WINDOW_DAYS) -> list[Card]:
    return renewals_due_cards(today, Scope.site(site.id), days)


def site_figures(site: Organisation, today: date) -> SiteFigures:
    return SiteFigures(years=[year_figures(site, today.year), year_figures(site, today.year - 1)],
                       renewals_due=renewals_due(site, today))


def usual_municipality(site: Organisation, postcode: str) -> str | None:
    """The home municipality this site has most often registered with this postcode."""
    if not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
        return None
    return db.session.scalar(
        select(Card.municipality_code).where(Card.issuing_site_id == site.id, Card.postcode == postcode,
                                             Card.municipality_code.is_not(None))
        .group_by(Card.municipality_code).order_by(func.count().desc(), Card.municipality_code).limit(1))
