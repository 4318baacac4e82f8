"""The small-count rule: 1–4 shows as "<5" outside the holder's own distributor, and a second cell
is hidden where one hidden cell could be recovered from the total."""
import itertools

import pytest

from app.extensions import db
from app.stats.breakdowns import Row
from app.stats.period import Period
from app.stats.privacy import (
    HOLDER_BREAKDOWNS,
    SMALL,
    holder_breakdown,
    protect_rows,
    protect_total,
    suppress,
    viewer_sees_small_counts,
)
from app.stats.scope import Scope
from tests.stats_data import YEAR, build_data


@pytest.fixture
def data(world):
    return build_data(world)


@pytest.mark.parametrize("counts, shown", [
    ([10, 20, 30], [10, 20, 30]),
    ([0, 7, 9], [0, 7, 9]),  # zero reveals no one
    ([3, 10, 20], [SMALL, SMALL, 20]),  # one small cell: the next-smallest goes too
    ([2, 4, 50], [SMALL, SMALL, 50]),  # two small cells protect each other
    ([1, 2, 3, 40], [SMALL, SMALL, SMALL, 40]),
    ([5, 0, 12], [5, 0, 12]),
    ([4], [SMALL]),  # a lone cell is the total itself, which is hidden too
    ([3, 0, 0], [SMALL, 0, 0]),
])
def test_suppress(counts, shown):
    assert suppress(counts) == shown


def test_no_hidden_cell_can_be_recovered_by_subtraction():
    """With the total known, one hidden cell alone equals the total minus the shown ones; so a
    breakdown never has exactly one hidden cell, unless that cell is the whole (small, hidden) total."""
    for counts in itertools.product(range(0, 8), repeat=3):
        shown = suppress(list(counts))
        assert all(cell == SMALL for count, cell in zip(counts, shown) if 0 < count < 5)
        hidden = shown.count(SMALL)
        assert hidden != 1 or (sum(1 for c in counts if c) == 1 and protect_total(sum(counts)) == SMALL)


def test_rows_keep_keys_and_labels_and_only_owners_see_exact_counts():
    rows = [Row("woman", "Woman", 2), Row("man", "Man", 9), Row("other", "Other", 30)]
    assert protect_rows(rows, exact=False) == [("woman", "Woman", SMALL), ("man", "Man", SMALL),
                                               ("other", "Other", 30)]
    assert protect_rows(rows, exact=True) == rows
    assert viewer_sees_small_counts(Scope.site(7), own_site_ids=[7])
    assert not viewer_sees_small_counts(Scope.site(7), own_site_ids=[8])
    assert not viewer_sees_small_counts(Scope.area(7), own_site_ids=[7])
    assert protect_total(3) == SMALL and protect_total(41) == 41 and protect_total(0) == 0


@pytest.mark.db
@pytest.mark.parametrize("name", sorted(HOLDER_BREAKDOWNS))
def test_every_holder_breakdown_hides_small_counts_outside_the_own_site(data, name):
    world, cards, _uses = data
    cards["a2"].birth_year, cards["a2"].life_situation = YEAR - 70, "retired"
    cards["a1"].life_situation = "student"
    db.session.commit()
    period = Period.year(YEAR)
    exact = HOLDER_BREAKDOWNS[name](period, Scope())
    assert any(0 < row.count < 5 for row in exact)  # the fixture's counts are all small
    for scope, own in ((Scope(), ()), (Scope.area(world.area.id), ()), (Scope.site(world.distributor.id), (999,))):
        shown = holder_breakdown(name, period, scope, own_site_ids=own)
        cells = [row[2] for row in shown]
        assert not any(isinstance(cell, int) and 0 < cell < 5 for cell in cells)
        assert cells.count(SMALL) != 1
    own = holder_breakdown(name, period, Scope.site(world.distributor.id), own_site_ids=[world.distributor.id])
    assert own == HOLDER_BREAKDOWNS[name](period, Scope.site(world.distributor.id))
    assert holder_breakdown(name, period, Scope.venue(world.venue.id)) == []
