"""The national table as Kaikukeskus publishes it, and the rates derived from it.

Definitions (the same everywhere in the product):
- cards_registered: cards whose registration falls in the period — a `registered` card event, or
  an `imported` one dated with the card's original issue day (the latest such day, kept on the card
  as `registered_on`). Renewals are not registrations.
- cards_taken_into_use: of those cards, how many have at least one use (not undone), whenever it
  was recorded (Kaikukeskus: "registered cards, and how many of them were used at least once").
- uses_adults / uses_children: people admitted by uses in the period — the sum of each use's
  `adults` and `children` (a holder coming with two children is 1 + 2). Undone uses never count.
- uses_by_category: the same split by the use's category (culture, education, science, sports).
- municipalities: participating municipalities — those in an active area today, within the scope
  (participation is not recorded per year, so past years show today's count).
Scopes: see app.stats.filters. Periods are Helsinki calendar dates. Uses are read from the totals
the database keeps with every use (app.stats.totals, app/stats/summary_sql.py).
"""
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Card, Municipality, Use
from app.models.base import helsinki_date, utcnow
from app.models.organisation import CATEGORIES
from app.stats import filters, totals
from app.stats.period import FIRST_YEAR, Period, as_period
from app.stats.scope import Scope


def cards_registered_and_used(period: Period, scope: Scope = Scope()) -> tuple[int, int]:
    """(cards registered in the period, how many of those have been used at least once)."""
    registered, used = db.session.execute(
        select(func.count(), func.count(Card.first_used_on))
        .where(Card.registered_on >= period.start, Card.registered_on <= period.end,
               filters.cards_in_scope(scope))).one()
    return int(registered), int(used)


def participating_municipalities(scope: Scope = Scope()) -> int:
    return db.session.scalar(select(func.count()).select_from(Municipality)
                             .where(filters.participating_municipalities(scope)))


def _empty_categories() -> dict[str, dict[str, int]]:
    return {category: {"adults": 0, "children": 0} for category in CATEGORIES}


def _table(period: Period, cards: tuple[int, int], by_category: dict, municipalities: int) -> dict:
    return {
        "year": period.start.year if period.is_calendar_year else None,
        "start": period.start.isoformat(), "end": period.end.isoformat(),
        "cards_registered": cards[0], "cards_taken_into_use": cards[1],
        "uses_adults": sum(c["adults"] for c in by_category.values()),
        "uses_children": sum(c["children"] for c in by_category.values()),
        "uses_by_category": by_category, "municipalities": municipalities,
    }


def _add(by_category: dict, category: str, adults: int, children: int) -> None:
    cell = by_category.setdefault(category, {"adults": 0, "children": 0})
    cell["adults"] += int(adults or 0)
    cell["children"] += int(children or 0)


def national_table(period_or_year: Period | int, scope: Scope = Scope()) -> dict:
    """{"year" (None unless a calendar year), "start", "end", "cards_registered",
    "cards_taken_into_use", "uses_adults", "uses_children",
    "uses_by_category": {culture|education|science|sports: {"adults", "children"}},
    "municipalities"}."""
    period = as_period(period_or_year)
    by_category = _empty_categories()
    sums = totals.use_sums(period, scope)
    for category, adults, children in db.session.execute(
            select(sums.category, func.sum(sums.adults), func.sum(sums.children))
            .where(sums.where).group_by(sums.category)):
        _add(by_category, category, adults, children)
    return _table(period, cards_registered_and_used(period, scope), by_category,
                  participating_municipalities(scope))


def first_year(scope: Scope = Scope()) -> int | None:
    """The first calendar year with a registration or a use in the scope."""
    everything = Period(date(FIRST_YEAR, 1, 1), max(date(FIRST_YEAR, 1, 1), helsinki_date(utcnow())))
    sums = totals.use_sums(everything, scope)
    first_use = db.session.scalar(select(func.min(sums.day)).where(sums.where, sums.uses > 0))
    first_registration = db.session.scalar(
        select(func.min(Card.registered_on)).where(filters.cards_in_scope(scope)))
    years = [first_use.year] if first_use else []
    years += [first_registration.year] if first_registration else []
    return min(years) if years else None


def national_table_by_year(scope: Scope = Scope(), *, until: int | None = None) -> list[dict]:
    """national_table for every calendar year from the first year with data up to `until` (the
    current year by default), oldest first; one grouped query per figure, not one per year."""
    last = until or helsinki_date(utcnow()).year
    first = max(FIRST_YEAR, min(first_year(scope) or last, last))  # older imported dates count from FIRST_YEAR
    years = range(first, last + 1)
    span = Period(Period.year(first).start, Period.year(last).end)
    by_year = {year: _empty_categories() for year in years}
    sums = totals.use_sums(span, scope)
    year = func.extract("year", sums.day)
    for year_, category, adults, children in db.session.execute(
            select(year, sums.category, func.sum(sums.adults), func.sum(sums.children))
            .where(sums.where).group_by(year, sums.category)):
        _add(by_year[int(year_)], category, adults, children)
    cards = _cards_by_year(span, scope)
    municipalities = participating_municipalities(scope)
    return [_table(Period.year(year), cards.get(year, (0, 0)), by_year[year], municipalities) for year in years]


def _cards_by_year(span: Period, scope: Scope) -> dict[int, tuple[int, int]]:
    year = func.extract("year", Card.registered_on)
    rows = db.session.execute(
        select(year, func.count(), func.count(Card.first_used_on))
        .where(Card.registered_on >= span.start, Card.registered_on <= span.end, filters.cards_in_scope(scope))
        .group_by(year))
    return {int(y): (int(count), int(used)) for y, count, used in rows}


def rates(period: Period, scope: Scope = Scope(), *, table: dict | None = None) -> dict:
    """{"usage_rate": cards_taken_into_use / cards_registered, "uses": number of uses (rows),
    "cards_used": distinct cards used in the period, "uses_per_card": uses / cards_used,
    "children_share": children / (adults + children), "assistants": sum of assistants}.
    Ratios are None where the divisor is 0. Pass the same period's and scope's `table`
    (national_table) to spare counting the cards again."""
    if table is None:
        registered, used = cards_registered_and_used(period, scope)
    else:
        registered, used = table["cards_registered"], table["cards_taken_into_use"]
    sums = totals.use_sums(period, scope)
    uses, adults, children, assistants = db.session.execute(
        select(*(func.coalesce(func.sum(column), 0)
                 for column in (sums.uses, sums.adults, sums.children, sums.assistants))).where(sums.where)).one()
    cards_used = totals.cards_used(period, scope)
    if cards_used is None:
        cards_used = db.session.scalar(select(func.count(func.distinct(Use.card_id)))
                                       .where(filters.counted_uses(period, scope)))
    return {
        "cards_registered": registered, "cards_taken_into_use": used,
        "usage_rate": used / registered if registered else None,
        "uses": uses, "cards_used": cards_used, "uses_per_card": uses / cards_used if cards_used else None,
        "children_share": children / (adults + children) if adults + children else None,
        "assistants": int(assistants),
    }
