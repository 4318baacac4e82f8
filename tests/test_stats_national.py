"""The national table and its rates, per scope: every expected figure is counted here, in Python,
from the rows the test itself made, never through app.stats."""
from datetime import date

import pytest

from app.extensions import db
from app.stats import national
from app.stats.period import Period, PeriodError, period_from_args
from app.stats.scope import Scope
from tests.stats_data import YEAR, build_data, expected, helsinki_year, make_card

pytestmark = pytest.mark.db


@pytest.fixture
def data(world):
    return build_data(world)


def figures(table):
    return {k: table[k] for k in ("cards_registered", "cards_taken_into_use", "uses_adults", "uses_children",
                                  "uses_by_category")}


def test_national_table_counts_registrations_their_use_and_people_admitted(data):
    world, cards, uses = data
    table = national.national_table(YEAR)
    assert figures(table) == expected(uses, cards, YEAR)
    assert table["year"] == YEAR and table["municipalities"] == 4  # Keski-Uusimaa's three and Oulu
    assert table["cards_registered"] == 5 and table["cards_taken_into_use"] == 3  # a3 and b_undone unused


def test_undone_uses_never_count(data):
    world, cards, uses = data
    table = national.national_table(YEAR)
    live = [u for u in uses if helsinki_year(u.scanned_at) == YEAR and u.undone_at is None]
    assert table["uses_adults"] + table["uses_children"] == sum(u.adults + u.children for u in live)
    uses[0].undone_at = uses[0].scanned_at
    db.session.commit()
    after = national.national_table(YEAR)
    assert after["uses_children"] == table["uses_children"] - uses[0].children


@pytest.mark.parametrize("scope_name", ["area", "other_area", "municipality", "county", "site", "venue"])
def test_each_scope_counts_its_own_uses_and_cards(data, scope_name):
    world, cards, uses = data
    venue_area = {world.venue.id: world.area.id, world.other_venue.id: world.other_area.id}
    venue_town = {world.venue.id: "186", world.other_venue.id: "564"}
    site_cards = {c.id for c in cards.values() if c.issuing_site_id == world.distributor.id}
    scope, use_ok, card_ok = {
        "area": (Scope.area(world.area.id), lambda u: venue_area[u.venue_id] == world.area.id,
                 lambda c: c.issued_area_id == world.area.id),
        "other_area": (Scope.area(world.other_area.id), lambda u: venue_area[u.venue_id] == world.other_area.id,
                       lambda c: c.issued_area_id == world.other_area.id),
        "municipality": (Scope.municipality("186"), lambda u: venue_town[u.venue_id] == "186",
                         lambda c: c.municipality_code == "186"),
        "county": (Scope.county("19"), lambda u: venue_town[u.venue_id] == "564",
                   lambda c: c.municipality_code == "564"),
        "site": (Scope.site(world.distributor.id), lambda u: u.card_id in site_cards,
                 lambda c: c.issuing_site_id == world.distributor.id),
        "venue": (Scope.venue(world.venue.id), lambda u: u.venue_id == world.venue.id, lambda c: False),
    }[scope_name]
    assert figures(national.national_table(YEAR, scope)) == expected(uses, cards, YEAR, use_ok=use_ok,
                                                                      card_ok=card_ok)


def test_participating_municipalities_follow_the_scope_and_active_areas(data):
    world, _cards, _uses = data
    assert national.national_table(YEAR, Scope.area(world.area.id))["municipalities"] == 3
    assert national.national_table(YEAR, Scope.venue(world.other_venue.id))["municipalities"] == 1
    world.other_area.active = False
    db.session.commit()
    assert national.national_table(YEAR)["municipalities"] == 3


def test_table_by_year_starts_at_the_first_data_and_matches_each_year(data):
    world, cards, uses = data
    rows = national.national_table_by_year(until=YEAR + 1)
    assert [row["year"] for row in rows] == [YEAR - 1, YEAR, YEAR + 1]
    for row in rows:
        assert figures(row) == expected(uses, cards, row["year"])
        assert figures(row) == figures(national.national_table(row["year"]))


def test_rates(data):
    world, cards, uses = data
    counted = [u for u in uses if u.undone_at is None and helsinki_year(u.scanned_at) == YEAR]
    rates = national.rates(Period.year(YEAR))
    adults, children = sum(u.adults for u in counted), sum(u.children for u in counted)
    assert rates["usage_rate"] == 3 / 5
    assert rates["uses"] == len(counted) and rates["cards_used"] == len({u.card_id for u in counted})
    assert rates["uses_per_card"] == len(counted) / len({u.card_id for u in counted})
    assert rates["children_share"] == children / (adults + children)
    assert rates["assistants"] == sum(u.assistants for u in counted)
    assert national.rates(Period.year(YEAR - 5))["usage_rate"] is None
    assert national.rates(Period.year(YEAR), table=national.national_table(YEAR)) == rates


def test_an_imported_card_counts_as_registered_in_its_issue_year(world):
    from app.models import Card, CardEvent
    card = make_card(world.distributor, date(YEAR, 1, 10))
    imported = Card(id="IMPORTED-1", lookup_key="IMPORTED1", kind="client", state="active", legacy=True,
                    issued_on=date(YEAR, 5, 5), issued_area_id=world.area.id)
    db.session.add(imported)
    db.session.add(CardEvent(card_id="IMPORTED-1", action="imported", on_date=date(YEAR, 5, 5)))
    db.session.add(CardEvent(card_id=card.id, action="renewed", on_date=date(YEAR, 11, 1)))
    db.session.commit()
    assert national.national_table(YEAR)["cards_registered"] == 2
    assert national.national_table(YEAR, Scope.area(world.area.id))["cards_registered"] == 2


def test_periods_parse_from_request_arguments():
    today = date(2026, 5, 5)
    assert period_from_args({}, today) == Period.year(2026)
    assert period_from_args({"year": "2024"}, today) == Period(date(2024, 1, 1), date(2024, 12, 31))
    assert period_from_args({"from": "2025-03-01", "to": "2025-03-31"}, today) == \
        Period(date(2025, 3, 1), date(2025, 3, 31))
    assert period_from_args({"from": "2026-02-01"}, today) == Period(date(2026, 2, 1), today)
    for bad in ({"year": "24"}, {"year": "abcd"}, {"year": "1066"}, {"from": "2025-13-01"},
                {"from": "2025-03-02", "to": "2025-03-01"}):
        with pytest.raises(PeriodError):
            period_from_args(bad, today)
    assert Period(date(2024, 2, 29), date(2024, 3, 1)).previous_year() == Period(date(2023, 2, 28), date(2023, 3, 1))
