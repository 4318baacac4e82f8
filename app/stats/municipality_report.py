"""The figures of a municipality's yearly report (issue #13 point 5), as plain data for app.printing.

For the year and the year before, the municipality next to the whole country:
- cards issued to its residents: the national table's cards_registered and cards_taken_into_use in
  the municipality scope (cards whose holder's home municipality it is — see app.stats.filters);
- uses at its venues by category, adults and children (the national table's uses_by_category);
- the usage rate, uses, uses per card and children's share (national.rates);
- people admitted by month at its venues (breakdowns.uses_by_month).
Nothing is counted here: every number comes from app.stats.national and app.stats.breakdowns.
"""
from collections.abc import Callable

from app.extensions import db
from app.models import Municipality
from app.stats import breakdowns, national
from app.stats.period import Period
from app.stats.scope import Scope

STEPS = 6  # figure sets gathered; each reports progress once

Progress = Callable[[int, int], None]


def _figures(period: Period, scope: Scope) -> dict:
    table = national.national_table(period, scope)
    rates = national.rates(period, scope, table=table)
    return {
        "cards_registered": table["cards_registered"], "cards_taken_into_use": table["cards_taken_into_use"],
        "usage_rate": rates["usage_rate"], "uses": rates["uses"], "uses_per_card": rates["uses_per_card"],
        "uses_adults": table["uses_adults"], "uses_children": table["uses_children"],
        "children_share": rates["children_share"], "uses_by_category": table["uses_by_category"],
    }


def _months(period: Period, scope: Scope) -> list[tuple[str, int]]:
    return [(row.key, row.count) for row in breakdowns.uses_by_month(period, scope)]


def gather(code: str, year: int, lang: str = "fi", progress: Progress | None = None) -> dict:
    """{"code", "name", "language", "year", "previous_year",
    "municipality": {"this", "previous"}, "national": {"this", "previous"} — each a figures dict
    (cards_registered, cards_taken_into_use, usage_rate, uses, uses_per_card, uses_adults,
    uses_children, children_share, uses_by_category {category: {adults, children}}),
    "months": {"this", "previous"} — [("YYYY-MM", people admitted)] at the municipality's venues}.
    Ratios are None where the divisor is 0. Raises LookupError for an unknown municipality."""
    municipality = db.session.get(Municipality, code)
    if municipality is None:
        raise LookupError(code)
    this, previous = Period.year(year), Period.year(year - 1)
    here = Scope.municipality(code)
    steps: list[tuple[str, str, Callable[[], object]]] = [
        ("municipality", "this", lambda: _figures(this, here)),
        ("municipality", "previous", lambda: _figures(previous, here)),
        ("national", "this", lambda: _figures(this, Scope.national())),
        ("national", "previous", lambda: _figures(previous, Scope.national())),
        ("months", "this", lambda: _months(this, here)),
        ("months", "previous", lambda: _months(previous, here)),
    ]
    found: dict = {"code": code, "name": municipality.name(lang), "language": lang, "year": year,
                   "previous_year": year - 1, "municipality": {}, "national": {}, "months": {}}
    for done, (group, which, figure) in enumerate(steps, start=1):
        found[group][which] = figure()
        if progress:
            progress(done, STEPS)
    return found
