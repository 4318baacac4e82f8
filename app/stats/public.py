"""The national table as published openly (issue #13 point 6): per year for the whole country, and
per wellbeing county. Per county, cards are counted by the holder's home county (a holder
attribute), so those two columns go through the small-count rule; uses are counted by the venue's
county and are not about holders."""
from sqlalchemy import func, select

from app.extensions import db
from app.models import Card, Municipality, Organisation, UseDay, WellbeingCounty
from app.models.organisation import CATEGORIES
from app.stats import filters, national, totals
from app.stats.period import Period
from app.stats.privacy import suppress
from app.stats.scope import Scope

CARD_COLUMNS = ("cards_registered", "cards_taken_into_use")


def flat_headers() -> list[str]:
    """The table as one CSV row: the category split written out as culture_adults, culture_children..."""
    split = [f"{category}_{who}" for category in CATEGORIES for who in ("adults", "children")]
    return ["year", "cards_registered", "cards_taken_into_use", "uses_adults", "uses_children", *split,
            "municipalities"]


def flat_row(table: dict) -> list:
    split = [table["uses_by_category"][category][who] for category in CATEGORIES for who in ("adults", "children")]
    return [table["year"], table["cards_registered"], table["cards_taken_into_use"], table["uses_adults"],
            table["uses_children"], *split, table["municipalities"]]


def public_table(year: int) -> dict:
    """The whole country's table for a year (no holder breakdown in it, so nothing is suppressed)."""
    table = national.national_table(year)
    return {key: table[key] for key in ("year", "cards_registered", "cards_taken_into_use", "uses_adults",
                                         "uses_children", "uses_by_category", "municipalities")}


def county_tables(year: int, lang: str = "fi") -> list[dict]:
    """One row per wellbeing county: {"code", "name", "cards_registered", "cards_taken_into_use",
    "uses_adults", "uses_children", "uses_by_category", "municipalities"}, the card columns with
    small counts shown as "<5" (and a second cell where one alone could be worked out)."""
    period = Period.year(year)
    counties = list(db.session.execute(select(WellbeingCounty.code, WellbeingCounty.name_fi,
                                              WellbeingCounty.name_sv).order_by(WellbeingCounty.code)))
    rows = {code: {"code": code, "name": name_sv if lang == "sv" else name_fi,
                   "cards_registered": 0, "cards_taken_into_use": 0, "uses_adults": 0, "uses_children": 0,
                   "uses_by_category": {c: {"adults": 0, "children": 0} for c in CATEGORIES}, "municipalities": 0}
            for code, name_fi, name_sv in counties}
    for code, category, adults, children in db.session.execute(
            select(Municipality.county_code, UseDay.category, func.sum(UseDay.adults), func.sum(UseDay.children))
            .select_from(UseDay).join(Organisation, Organisation.id == UseDay.venue_id)
            .join(Municipality, Municipality.code == Organisation.municipality_code)
            .where(totals.use_sums(period, Scope()).where).group_by(Municipality.county_code, UseDay.category)):
        if code in rows and category in CATEGORIES:
            row = rows[code]
            row["uses_by_category"][category] = {"adults": int(adults or 0), "children": int(children or 0)}
            row["uses_adults"] += int(adults or 0)
            row["uses_children"] += int(children or 0)
    for code, registered, used in db.session.execute(
            select(Municipality.county_code, func.count(), func.count(Card.first_used_on))
            .join(Municipality, Municipality.code == Card.municipality_code)
            .where(Card.registered_on >= period.start, Card.registered_on <= period.end)
            .group_by(Municipality.county_code)):
        if code in rows:
            rows[code]["cards_registered"], rows[code]["cards_taken_into_use"] = int(registered), int(used)
    for code, count in db.session.execute(
            select(Municipality.county_code, func.count())
            .where(filters.participating_municipalities(Scope())).group_by(Municipality.county_code)):
        if code in rows:
            rows[code]["municipalities"] = int(count)
    found = list(rows.values())
    for column in CARD_COLUMNS:
        for row, cell in zip(found, suppress([row[column] for row in found])):
            row[column] = cell
    return found
