"""Uses in a period and a scope, broken down: each function returns a list of Row(key, label, count)
where count is people admitted (adults + children), so every breakdown sums to the national
table's uses_adults + uses_children. Undone uses never count. Rows come largest first unless the
key has its own order (months, categories, age groups). Breakdowns by holder attributes (home
municipality, age group, gender, life situation) must pass through app.stats.privacy before a
viewer outside the holder's own distributor sees them."""
from typing import NamedTuple

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Integer, case, cast, func, literal, select

from app.core import labels
from app.extensions import db
from app.models import Area, Card, Municipality, Organisation, Use, UseDay, UseTally
from app.models.card import GENDERS, LIFE_SITUATIONS
from app.models.organisation import CATEGORIES
from app.stats import filters, totals
from app.stats.period import Period
from app.stats.scope import Scope

NOT_RECORDED = _l("Not recorded")
PEOPLE = func.coalesce(func.sum(Use.adults + Use.children), 0)
AGE_GROUPS = (("0-29", 0, 29), ("30-49", 30, 49), ("50-64", 50, 64), ("65-", 65, None))


class Row(NamedTuple):
    key: str
    label: str
    count: int


def _largest_first(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (-row.count, row.label, row.key))


def _grouped(period: Period, scope: Scope, *keys: ColumnElement, joins=()) -> list[tuple]:
    query = select(*keys, PEOPLE).select_from(Use)
    for target, on, outer in joins:
        query = query.join(target, on, isouter=outer)
    return list(db.session.execute(query.where(filters.counted_uses(period, scope)).group_by(*keys)))


def _in_order(order: tuple[str, ...], counted: dict[str, int], label) -> list[Row]:
    rows = [Row(key, str(label(key)), int(counted.pop(key, 0))) for key in order]
    return rows + [Row(key or "", str(label(key)), int(count)) for key, count in counted.items() if count]


def uses_by_month(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Every month the period touches, key "YYYY-MM", months without uses included with 0."""
    months = period.months()
    sums = totals.use_sums(period, scope)
    key = totals.month_key(sums.day)
    counted = dict(db.session.execute(select(key, sums.people).where(sums.where).group_by(key)).all())
    return [Row(f"{m.year:04d}-{m.month:02d}", format_date(m, "LLLL yyyy"),
                int(counted.get(f"{m.year:04d}-{m.month:02d}", 0))) for m in months]


def uses_by_category(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Every category (culture, education, science, sports), 0 included."""
    sums = totals.use_sums(period, scope)
    counted = dict(db.session.execute(select(sums.category, sums.people).where(sums.where)
                                      .group_by(sums.category)).all())
    return _in_order(CATEGORIES, counted, lambda key: labels.CATEGORY.get(key, key))


def _municipality_label(code: str | None, name_fi: str | None, name_sv: str | None, lang: str) -> str:
    if not code:
        return str(NOT_RECORDED)
    return (name_sv if lang == "sv" else name_fi) or code


def _venue_days(period: Period, scope: Scope, *keys: ColumnElement, joins=()) -> list[tuple]:
    """(*keys, people) from the per-venue day totals, joined to the venue."""
    sums = totals.use_sums(period, scope)
    query = select(*keys, sums.people).select_from(UseDay).join(Organisation, Organisation.id == UseDay.venue_id)
    for target, on in joins:
        query = query.join(target, on, isouter=True)
    return list(db.session.execute(query.where(sums.where).group_by(*keys).having(func.sum(UseDay.uses) > 0)))


def uses_by_venue_municipality(period: Period, scope: Scope = Scope(), lang: str = "fi") -> list[Row]:
    names = (Municipality.name_fi, Municipality.name_sv)
    if scope.kind == "site":
        rows = _grouped(period, scope, Municipality.code, *names,
                        joins=((Organisation, Organisation.id == Use.venue_id, False),
                               (Municipality, Municipality.code == Organisation.municipality_code, False)))
    else:
        rows = _venue_days(period, scope, Organisation.municipality_code, *names,
                           joins=((Municipality, Municipality.code == Organisation.municipality_code),))
    return _largest_first([Row(code, _municipality_label(code, fi, sv, lang), int(n)) for code, fi, sv, n in rows])


def uses_by_home_municipality(period: Period, scope: Scope = Scope(), lang: str = "fi") -> list[Row]:
    """Holder attribute: key "" where the holder's home municipality was not recorded."""
    if scope.kind in totals.TALLIED:
        rows = totals.tally(period, scope, "home", Municipality.name_fi, Municipality.name_sv,
                            joins=((Municipality, Municipality.code == UseTally.value),))
        return _largest_first([Row(code, _municipality_label(code, fi, sv, lang), int(n)) for code, fi, sv, n in rows])
    rows = _grouped(period, scope, Card.municipality_code, Municipality.name_fi, Municipality.name_sv,
                    joins=((Card, Card.id == Use.card_id, False),
                           (Municipality, Municipality.code == Card.municipality_code, True)))
    return _largest_first([Row(code or "", _municipality_label(code, fi, sv, lang), int(n))
                           for code, fi, sv, n in rows])


def _as_id(value: ColumnElement) -> ColumnElement:
    return cast(func.nullif(value, ""), Integer)


def uses_by_venue(period: Period, scope: Scope = Scope()) -> list[Row]:
    if scope.kind == "site":
        rows = _grouped(period, scope, Organisation.id, Organisation.name,
                        joins=((Organisation, Organisation.id == Use.venue_id, False),))
    else:
        rows = _venue_days(period, scope, Organisation.id, Organisation.name)
    return _largest_first([Row(str(venue_id), name, int(n)) for venue_id, name, n in rows])


def uses_by_site(period: Period, scope: Scope = Scope()) -> list[Row]:
    """By the distributor site that issued the card; key "" for cards with no site (imported)."""
    counted = totals.people_by_site(period, scope)
    if counted is not None:
        return _largest_first([Row(str(site_id or ""), name or str(NOT_RECORDED), int(n))
                               for site_id, name, n in counted])
    rows = _grouped(period, scope, Card.issuing_site_id, Organisation.name,
                    joins=((Card, Card.id == Use.card_id, False),
                           (Organisation, Organisation.id == Card.issuing_site_id, True)))
    return _largest_first([Row(str(site_id or ""), name or str(NOT_RECORDED), int(n)) for site_id, name, n in rows])


def age_group(birth_year: ColumnElement, year: ColumnElement) -> ColumnElement:
    """The holder's age group in `year` (age = year - birth year), "" where not recorded. The
    totals keep the same groups (app/stats/summary_sql.py)."""
    whens = [(birth_year >= year - high, literal(key)) for key, _low, high in AGE_GROUPS if high is not None]
    return case((birth_year.is_(None), literal("")), *whens, else_=literal(AGE_GROUPS[-1][0]))


def age_group_label(key: str) -> str:
    """"30-49" reads 30–49, the open-ended "65-" reads 65+."""
    if not key:
        return str(NOT_RECORDED)
    return key[:-1] + "+" if key.endswith("-") else key.replace("-", "–")


def uses_by_age_group(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Holder attribute, age in the year of the use: 0–29, 30–49, 50–64, 65+ and "" (not recorded)."""
    if scope.kind in totals.TALLIED:
        counted = dict(totals.tally(period, scope, "age"))
    else:
        group = age_group(Card.birth_year, func.extract("year", Use.scanned_on))
        counted = dict(_grouped(period, scope, group, joins=((Card, Card.id == Use.card_id, False),)))
    order = tuple(key for key, _low, _high in AGE_GROUPS)
    return _in_order(order, counted, age_group_label)


def _by_card_column(period: Period, scope: Scope, column, order: tuple[str, ...], names: dict) -> list[Row]:
    if scope.kind in totals.TALLIED:
        counted = dict(totals.tally(period, scope, column.key))
    else:
        counted = {key or "": n for key, n in _grouped(period, scope, column,
                                                         joins=((Card, Card.id == Use.card_id, False),))}
    return _in_order(order, counted, lambda key: names.get(key, NOT_RECORDED))


def uses_by_gender(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Holder attribute: woman, man, other, not_told, then "" where not recorded (if any)."""
    return _by_card_column(period, scope, Card.gender, GENDERS, labels.GENDER)


def uses_by_life_situation(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Holder attribute: the recorded life situations, then "" where not recorded (if any)."""
    return _by_card_column(period, scope, Card.life_situation, LIFE_SITUATIONS, labels.LIFE_SITUATION)


def cross_area_use(period: Period, area_id: int) -> dict[str, list[Row]]:
    """{"outgoing": cards issued in this area used at venues of other areas, by the venue's area;
    "incoming": uses at this area's venues of cards issued elsewhere, by the card's area ("" where
    the card has no area, e.g. some imported cards)}."""
    everywhere = totals.tally_where(period, Scope(), "card_area")
    people = func.sum(UseTally.adults + UseTally.children)
    outgoing = db.session.execute(
        select(UseTally.area_id, Area.name, people).join(Area, Area.id == UseTally.area_id)
        .where(everywhere, UseTally.value == str(area_id), UseTally.area_id != area_id)
        .group_by(UseTally.area_id, Area.name).having(func.sum(UseTally.uses) > 0))
    incoming = db.session.execute(
        select(UseTally.value, Area.name, people).join(Area, Area.id == _as_id(UseTally.value), isouter=True)
        .where(everywhere, UseTally.area_id == area_id, UseTally.value != str(area_id))
        .group_by(UseTally.value, Area.name).having(func.sum(UseTally.uses) > 0))
    return {"outgoing": _largest_first([Row(str(key), name, int(n)) for key, name, n in outgoing]),
            "incoming": _largest_first([Row(key or "", name or str(NOT_RECORDED), int(n))
                                        for key, name, n in incoming])}
