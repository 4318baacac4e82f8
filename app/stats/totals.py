"""Reading the running totals (app/models/stat.py) for a period and a scope, with the same scope
meanings as app.stats.filters: a region's or a venue's uses from the per-venue day totals, its
holder breakdowns from the tallies; a distributor site's uses straight from the uses (a site's cards
are few, and the index by card finds them). Totals are kept by the database in the same
transaction as each use, so what they say is exact and live."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, literal, or_, select, true

from app.extensions import db
from app.models import CardYear, Municipality, Organisation, Use, UseDay, UseTally
from app.stats import filters
from app.stats.period import Period
from app.stats.scope import Scope

# Scopes whose breakdowns by holder or card area the tallies keep.
TALLIED = ("national", "area", "municipality", "county")


@dataclass(frozen=True)
class UseSums:
    """Columns to sum for a scope's uses, and the condition that picks its rows."""

    category: ColumnElement
    day: ColumnElement
    uses: ColumnElement
    adults: ColumnElement
    children: ColumnElement
    assistants: ColumnElement
    where: ColumnElement

    @property
    def people(self) -> ColumnElement:
        return func.coalesce(func.sum(self.adults + self.children), 0)


def _county(code: str):
    return select(Municipality.code).where(Municipality.county_code == code)


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _in_period(table, period: Period) -> ColumnElement:
    """The rows of a totals table (UseDay or UseTally) that make up the period: month rows for the
    whole months in it, day rows for the days before and after them."""
    first = period.start if period.start.day == 1 else _month_after(period.start)
    after = _month_after(period.end)
    last = date(period.end.year, period.end.month, 1) if after - timedelta(days=1) == period.end else None
    if last is None:  # the period's last month is not whole
        last = date(period.end.year, period.end.month, 1) - timedelta(days=1)
        last = date(last.year, last.month, 1)
    if first > last:
        return and_(table.span == "d", table.day >= period.start, table.day <= period.end)
    end_of_months = _month_after(last) - timedelta(days=1)
    parts = [and_(table.span == "m", table.day >= first, table.day <= last)]
    if period.start < first:  # only the edges there are: each part is one index range
        parts.append(and_(table.span == "d", table.day >= period.start, table.day < first))
    if end_of_months < period.end:
        parts.append(and_(table.span == "d", table.day > end_of_months, table.day <= period.end))
    return or_(*parts) if len(parts) > 1 else parts[0]


def _venue_rows(scope: Scope) -> ColumnElement:
    if scope.kind == "national":
        return true()
    if scope.kind == "venue":
        return UseDay.venue_id == scope.key
    if scope.kind == "area":
        condition = Organisation.area_id == scope.key
    elif scope.kind == "municipality":
        condition = Organisation.municipality_code == scope.key
    else:
        condition = Organisation.municipality_code.in_(_county(scope.key))
    return UseDay.venue_id.in_(select(Organisation.id).where(condition))


def tally_where(period: Period, scope: Scope, dim: str) -> ColumnElement:
    """The tally rows of one dimension for a scope in TALLIED."""
    if scope.kind == "national":
        place = true()
    elif scope.kind == "area":
        place = UseTally.area_id == scope.key
    elif scope.kind == "municipality":
        place = UseTally.municipality_code == scope.key
    elif scope.kind == "county":
        place = UseTally.municipality_code.in_(_county(scope.key))
    else:
        raise ValueError(f"no tallies for a {scope.kind} scope")
    return and_(place, UseTally.dim == dim, _in_period(UseTally, period))


def use_sums(period: Period, scope: Scope) -> UseSums:
    if scope.kind == "site":
        return UseSums(Use.category, Use.scanned_on, literal(1), Use.adults, Use.children, Use.assistants,
                       filters.counted_uses(period, scope))
    return UseSums(UseDay.category, UseDay.day, UseDay.uses, UseDay.adults, UseDay.children, UseDay.assistants,
                   and_(_in_period(UseDay, period), _venue_rows(scope)))


def tally(period: Period, scope: Scope, dim: str, *keys: ColumnElement, joins=()) -> list[tuple]:
    """(value, *keys, people) of one dimension, groups whose uses were all undone left out."""
    query = select(UseTally.value, *keys, func.sum(UseTally.adults + UseTally.children))
    for target, on in joins:
        query = query.join(target, on, isouter=True)
    return list(db.session.execute(query.where(tally_where(period, scope, dim))
                                   .group_by(UseTally.value, *keys).having(func.sum(UseTally.uses) > 0)))


def whole_years(period: Period) -> bool:
    return (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31)


def _card_years(period: Period, scope: Scope) -> list[ColumnElement]:
    """The yearly card rows of the period's years in a region's or a site's scope."""
    conditions = [CardYear.year >= period.start.year, CardYear.year <= period.end.year]
    if scope.kind == "area":
        conditions.append(CardYear.area_id == scope.key)
    elif scope.kind == "municipality":
        conditions.append(CardYear.municipality_code == scope.key)
    elif scope.kind == "county":
        conditions.append(CardYear.municipality_code.in_(_county(scope.key)))
    elif scope.kind == "site":
        conditions.append(CardYear.site_id == scope.key)
    return conditions


def cards_used(period: Period, scope: Scope) -> int | None:
    """Distinct cards used in the period from the yearly card totals; None where they cannot say
    (a period that is not whole calendar years, or a venue)."""
    if not whole_years(period) or scope.kind == "venue":
        return None
    cards = (select(CardYear.card_id).where(*_card_years(period, scope), CardYear.uses > 0)
             .group_by(CardYear.card_id).subquery())  # streams over the index by card; DISTINCT would sort
    return int(db.session.scalar(select(func.count()).select_from(cards)))


def people_by_site(period: Period, scope: Scope) -> list[tuple] | None:
    """(issuing site id or 0, its name, people admitted) of uses in the scope, from the yearly card
    totals; None where they cannot say (not whole calendar years, or not a region)."""
    if not whole_years(period) or scope.kind not in TALLIED:
        return None
    return list(db.session.execute(
        select(CardYear.site_id, Organisation.name, func.sum(CardYear.adults + CardYear.children))
        .join(Organisation, Organisation.id == CardYear.site_id, isouter=True).where(*_card_years(period, scope))
        .group_by(CardYear.site_id, Organisation.name).having(func.sum(CardYear.uses) > 0)))


def month_key(day: ColumnElement) -> ColumnElement:
    """"YYYY-MM" of a date column, on either database."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", day)
    return func.to_char(day, "YYYY-MM")
