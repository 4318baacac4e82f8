"""The running totals the database keeps for statistics stay equal to a recount from the rows,
whatever happens to uses and cards: recorded at the desk, undone, deleted, a card's holder details
corrected, a card registered. And a use counts in the next request."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from app.cards import desk
from app.core.audit import Actor
from app.extensions import db
from app.models import Card, CardEvent, Use
from app.models.base import helsinki_date
from app.stats import national, summary_sql
from app.stats.period import Period
from app.stats.scope import Scope
from tests.factories import today
from tests.stats_data import YEAR, build_data, make_card, make_use

pytestmark = pytest.mark.db
TABLES = {
    "stat_use_day": "span, day, venue_id, category, uses, adults, children, assistants",
    "stat_use_tally": "dim, span, day, area_id, municipality_code, value, uses, adults, children, assistants",
    "stat_card_year": "year, card_id, area_id, municipality_code, site_id, uses, adults, children",
}


def snapshot() -> dict:
    """Every total that counts something (rows left at zero by an undo are the same as no row),
    and each card's registered_on / first_used_on."""
    found = {name: sorted(tuple(str(v) for v in row) for row in db.session.execute(
        text(f"SELECT {columns} FROM {name} WHERE uses <> 0"))) for name, columns in TABLES.items()}
    found["card"] = sorted(tuple(str(v) for v in row) for row in db.session.execute(
        text("SELECT id, registered_on, first_used_on FROM card")))
    return found


def recounted() -> dict:
    summary_sql.rebuild(db.session.connection())
    return snapshot()


def test_totals_follow_every_change_of_uses_and_cards(world):
    world, cards, uses = build_data(world)
    kept = snapshot()
    assert kept["stat_use_day"] and kept["stat_use_tally"] and kept["stat_card_year"]
    assert kept == recounted()
    db.session.rollback()

    desk.undo_use(uses[0], actor=Actor(), now=uses[0].received_at)  # the desk's undo: a Core UPDATE
    db.session.delete(uses[1])
    card = db.session.get(Card, cards["a1"].id)
    card.gender, card.birth_year, card.municipality_code = "other", 1950, "186"  # a corrected record
    cards["b1"].issuing_site_id = world.distributor.id  # moved to another site
    late = make_card(world.distributor, date(YEAR, 9, 9), gender="woman")
    make_use(late, world.other_venue, datetime(YEAR, 9, 10, 9), category="sports", adults=2)
    db.session.add(CardEvent(card_id=cards["a3"].id, action="registered", on_date=date(YEAR + 1, 1, 2),
                             site_id=world.distributor.id))
    db.session.commit()
    changed = snapshot()
    assert changed != kept
    assert changed == recounted()


def test_a_recorded_use_counts_in_the_next_request_and_an_undo_takes_it_away(world):
    card = make_card(world.distributor, today() - timedelta(days=3))
    db.session.commit()
    period, scope = Period.year(today().year), Scope.venue(world.venue.id)
    before = national.national_table(period, scope)
    use, verdict = desk.record_use({"client_scan_id": "totals-live-1", "card": card.id, "category": "culture"},
                                   venue=world.venue, actor=Actor())
    assert use is not None, verdict
    db.session.commit()
    after = national.national_table(period, scope)
    assert after["uses_adults"] == before["uses_adults"] + 1
    assert national.rates(period, Scope.national())["cards_used"] >= 1
    assert db.session.get(Card, card.id).first_used_on == use.scanned_on
    desk.undo_use(db.session.get(Use, use.id), actor=Actor())
    db.session.commit()
    assert national.national_table(period, scope)["uses_adults"] == before["uses_adults"]
    assert db.session.get(Card, card.id).first_used_on is None


def test_the_recount_command_restores_totals_a_bulk_load_left_out(app, world):
    world, cards, uses = build_data(world)
    kept = snapshot()
    db.session.execute(text("DELETE FROM stat_use_day"))
    db.session.execute(text("DELETE FROM stat_use_tally"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["stats", "recount"])
    assert result.exit_code == 0, result.output
    assert "venue-days" in result.output.splitlines()[-1]
    db.session.expire_all()
    assert snapshot() == kept


@pytest.mark.parametrize("start, end", [
    (date(YEAR, 1, 1), date(YEAR, 12, 31)),   # whole months only
    (date(YEAR, 2, 2), date(YEAR, 4, 5)),     # edges on both sides of whole months
    (date(YEAR, 3, 2), date(YEAR, 3, 20)),    # inside one month
    (date(YEAR, 4, 5), date(YEAR, 4, 5)),     # one day
    (date(YEAR - 1, 6, 5), date(YEAR, 2, 2)), # across a new year
])
def test_any_period_adds_month_and_day_totals_to_the_uses_in_it(world, start, end):
    world, cards, uses = build_data(world)
    period = Period(start, end)
    counted = [u for u in uses if u.undone_at is None and start <= helsinki_day(u.scanned_at) <= end]
    table = national.national_table(period, Scope.national())
    assert table["uses_adults"] == sum(u.adults for u in counted)
    assert table["uses_children"] == sum(u.children for u in counted)
    assert national.rates(period, Scope.national())["uses"] == len(counted)


def helsinki_day(at: datetime) -> date:
    return helsinki_date(at)
