"""The small-count rule (issue #13 point 4), for breakdowns by holder attributes (age group, gender,
life situation, home municipality, postcode).

Outside the holder's own distributor, a count from 1 to 4 is shown and exported as "<5"; zero stays
0 (an empty cell reveals no one). So that a suppressed cell cannot be recovered by subtracting the
others from the total, where exactly one cell of a breakdown is suppressed the smallest other
non-zero cell is suppressed too (complementary suppression). Suppressed cells read SMALL.

Venues see nothing about holders at all: their dashboards do not call the holder breakdowns.
"""
from collections.abc import Sequence

from app.stats import breakdowns
from app.stats.period import Period
from app.stats.scope import HOLDER_OWNER_KINDS, Scope

SMALL = "<5"
THRESHOLD = 5


def suppress(counts: Sequence[int]) -> list[int | str]:
    """The cells of one breakdown whose total is (or can be) shown, with small cells hidden."""
    hidden = {i for i, count in enumerate(counts) if 0 < count < THRESHOLD}
    if len(hidden) == 1:
        others = [(count, i) for i, count in enumerate(counts) if count > 0 and i not in hidden]
        if others:
            hidden.add(min(others)[1])
    return [SMALL if i in hidden else count for i, count in enumerate(counts)]


def viewer_sees_small_counts(scope: Scope, own_site_ids: Sequence[int] = ()) -> bool:
    """Only a distributor looking at its own site's cards sees exact small counts."""
    return scope.kind in HOLDER_OWNER_KINDS and scope.key in set(own_site_ids)


def protect_rows(rows: Sequence, *, exact: bool) -> list:
    """Rows of (key, label, count) with count suppressed unless `exact`; other fields kept."""
    if exact:
        return list(rows)
    cells = suppress([row[2] for row in rows])
    return [(row[0], row[1], cell, *row[3:]) for row, cell in zip(rows, cells)]


def protect_total(total: int) -> int | str:
    """A breakdown's total is shown as is (suppress leaves no cell alone to be worked out from it),
    unless it is itself small (1–4)."""
    return SMALL if 0 < total < THRESHOLD else total


HOLDER_BREAKDOWNS = {
    "home_municipality": breakdowns.uses_by_home_municipality,
    "age_group": breakdowns.uses_by_age_group,
    "gender": breakdowns.uses_by_gender,
    "life_situation": breakdowns.uses_by_life_situation,
}


def holder_breakdown(name: str, period: Period, scope: Scope, *, own_site_ids: Sequence[int] = (),
                     lang: str = "fi") -> list:
    """A breakdown by a holder attribute (a HOLDER_BREAKDOWNS name) as this viewer may see it: exact
    for a distributor's own site, with the small-count rule for everyone else, nothing for a venue."""
    if scope.kind == "venue":
        return []
    figure = HOLDER_BREAKDOWNS[name]
    rows = figure(period, scope, lang) if name == "home_municipality" else figure(period, scope)
    return protect_rows(rows, exact=viewer_sees_small_counts(scope, own_site_ids))
