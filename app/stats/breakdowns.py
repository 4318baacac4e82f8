"""Uses in a period and a scope, broken down: each function returns a list of Row(key, label, count)
where count is people admitted (adults + children), so every breakdown sums to the national
table's uses_adults + uses_children. Undone uses never count. Rows come largest first unless the
key has its own order (months, categories, age groups). Breakdowns by holder attributes (home
municipality, age group, gender, life situation) must pass through app.stats.privacy before a
viewer outside the holder's own distributor sees them."""
from typing import NamedTuple

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import aliased

from app.core import labels
from app.extensions import db
from app.models import Area, Card, Municipality, Organisation, Use
from app.models.card import GENDERS, LIFE_SITUATIONS
from app.models.organisation import CATEGORIES
from app.stats import buckets, filters
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
    bucket = buckets.month_buckets(Use.scanned_at, months)
    counted = dict(_grouped(period, scope, bucket))
    return [Row(f"{m.year:04d}-{m.month:02d}", format_date(m, "LLLL yyyy"),
                int(counted.get(f"{m.year:04d}-{m.month:02d}", 0))) for m in months]


def uses_by_category(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Every category (culture, education, science, sports), 0 included."""
    counted = dict(_grouped(period, scope, Use.category))
    return _in_order(CATEGORIES, counted, lambda key: labels.CATEGORY.get(key, key))


def _municipality_label(code: str | None, name_fi: str | None, name_sv: str | None, lang: str) -> str:
    if not code:
        return str(NOT_RECORDED)
    return (name_sv if lang == "sv" else name_fi) or code


def uses_by_venue_municipality(period: Period, scope: Scope = Scope(), lang: str = "fi") -> list[Row]:
    rows = _grouped(period, scope, Municipality.code, Municipality.name_fi, Municipality.name_sv,
                    joins=((Organisation, Organisation.id == Use.venue_id, False),
                           (Municipality, Municipality.code == Organisation.municipality_code, False)))
    return _largest_first([Row(code, _municipality_label(code, fi, sv, lang), int(n)) for code, fi, sv, n in rows])


def uses_by_home_municipality(period: Period, scope: Scope = Scope(), lang: str = "fi") -> list[Row]:
    """Holder attribute: key "" where the holder's home municipality was not recorded."""
    rows = _grouped(period, scope, Card.municipality_code, Municipality.name_fi, Municipality.name_sv,
                    joins=((Card, Card.id == Use.card_id, False),
                           (Municipality, Municipality.code == Card.municipality_code, True)))
    return _largest_first([Row(code or "", _municipality_label(code, fi, sv, lang), int(n))
                           for code, fi, sv, n in rows])


def uses_by_venue(period: Period, scope: Scope = Scope()) -> list[Row]:
    rows = _grouped(period, scope, Organisation.id, Organisation.name,
                    joins=((Organisation, Organisation.id == Use.venue_id, False),))
    return _largest_first([Row(str(venue_id), name, int(n)) for venue_id, name, n in rows])


def uses_by_site(period: Period, scope: Scope = Scope()) -> list[Row]:
    """By the distributor site that issued the card; key "" for cards with no site (imported)."""
    rows = _grouped(period, scope, Card.issuing_site_id, Organisation.name,
                    joins=((Card, Card.id == Use.card_id, False),
                           (Organisation, Organisation.id == Card.issuing_site_id, True)))
    return _largest_first([Row(str(site_id or ""), name or str(NOT_RECORDED), int(n)) for site_id, name, n in rows])


def age_group(birth_year: ColumnElement, year: int) -> ColumnElement:
    """The holder's age group in `year` (age = year - birth year), "" where not recorded."""
    whens = [(birth_year >= year - high, literal(key)) for key, _low, high in AGE_GROUPS if high is not None]
    return case((birth_year.is_(None), literal("")), *whens, else_=literal(AGE_GROUPS[-1][0]))


def age_group_label(key: str) -> str:
    """"30-49" reads 30–49, the open-ended "65-" reads 65+."""
    if not key:
        return str(NOT_RECORDED)
    return key[:-1] + "+" if key.endswith("-") else key.replace("-", "–")


def uses_by_age_group(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Holder attribute, age in the period's last year: 0–29, 30–49, 50–64, 65+ and "" (not recorded)."""
    group = age_group(Card.birth_year, period.end.year)
    counted = dict(_grouped(period, scope, group, joins=((Card, Card.id == Use.card_id, False),)))
    order = tuple(key for key, _low, _high in AGE_GROUPS)
    return _in_order(order, counted, age_group_label)


def _by_card_column(period: Period, scope: Scope, column, order: tuple[str, ...], names: dict) -> list[Row]:
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
    venue = aliased(Organisation)
    venue_area, card_area = aliased(Area), aliased(Area)
    everywhere = filters.counted_uses(period, Scope())
    outgoing = db.session.execute(
        select(venue.area_id, venue_area.name, PEOPLE).select_from(Use)
        .join(venue, venue.id == Use.venue_id).join(venue_area, venue_area.id == venue.area_id)
        .join(Card, Card.id == Use.card_id)
        .where(everywhere, Card.issued_area_id == area_id, venue.area_id != area_id)
        .group_by(venue.area_id, venue_area.name))
    incoming = db.session.execute(
        select(Card.issued_area_id, card_area.name, PEOPLE).select_from(Use)
        .join(venue, venue.id == Use.venue_id).join(Card, Card.id == Use.card_id)
        .join(card_area, card_area.id == Card.issued_area_id, isouter=True)
        .where(everywhere, venue.area_id == area_id,
               (Card.issued_area_id != area_id) | Card.issued_area_id.is_(None))
        .group_by(Card.issued_area_id, card_area.name))
    return {"outgoing": _largest_first([Row(str(key), name, int(n)) for key, name, n in outgoing]),
            "incoming": _largest_first([Row(str(key or ""), name or str(NOT_RECORDED), int(n))
                                        for key, name, n in incoming])}
