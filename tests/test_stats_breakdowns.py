"""Breakdowns of uses, events and refused scans, registrations and renewals due: expected figures
are counted here from the rows the test made."""
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from app.extensions import db
from app.models import RefusedScan
from app.stats import breakdowns, events, national, registrations
from app.stats.period import Period
from app.stats.scope import Scope
from tests import factories
from tests.factories import today
from tests.stats_data import YEAR, build_data, helsinki_year, make_card, make_use

pytestmark = pytest.mark.db
PERIOD = Period.year(YEAR)


@pytest.fixture
def data(world):
    return build_data(world)


def counted(uses, **match):
    return [u for u in uses if u.undone_at is None and helsinki_year(u.scanned_at) == YEAR
            and all(getattr(u, k) == v for k, v in match.items())]


def people(uses) -> int:
    return sum(u.adults + u.children for u in uses)


def as_dict(rows) -> dict:
    return {row.key: row.count for row in rows}


def test_every_breakdown_sums_to_the_people_admitted(data):
    world, cards, uses = data
    table = national.national_table(YEAR)
    total = table["uses_adults"] + table["uses_children"]
    assert total == people(counted(uses))
    for rows in (breakdowns.uses_by_month(PERIOD), breakdowns.uses_by_category(PERIOD),
                 breakdowns.uses_by_venue_municipality(PERIOD), breakdowns.uses_by_home_municipality(PERIOD),
                 breakdowns.uses_by_venue(PERIOD), breakdowns.uses_by_site(PERIOD),
                 breakdowns.uses_by_age_group(PERIOD), breakdowns.uses_by_gender(PERIOD),
                 breakdowns.uses_by_life_situation(PERIOD)):
        assert sum(row.count for row in rows) == total


def test_uses_by_month_follow_helsinki_months_and_list_empty_months(data):
    world, cards, uses = data
    rows = breakdowns.uses_by_month(PERIOD)
    assert [row.key for row in rows] == [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    months = Counter()
    for u in counted(uses):
        months[f"{YEAR}-{u.scanned_at.month:02d}"] += u.adults + u.children
    assert as_dict(rows) == {row.key: months.get(row.key, 0) for row in rows}
    assert as_dict(rows)[f"{YEAR}-08"] == 0


def test_uses_by_place_and_by_card(data):
    world, cards, uses = data
    live = counted(uses)
    by_venue = Counter()
    by_site = Counter()
    by_home = Counter()
    issued_by = {c.id: c for c in cards.values()}
    for u in live:
        by_venue[str(u.venue_id)] += u.adults + u.children
        by_site[str(issued_by[u.card_id].issuing_site_id)] += u.adults + u.children
        by_home[issued_by[u.card_id].municipality_code] += u.adults + u.children
    assert as_dict(breakdowns.uses_by_venue(PERIOD)) == by_venue
    assert as_dict(breakdowns.uses_by_site(PERIOD)) == by_site
    assert as_dict(breakdowns.uses_by_home_municipality(PERIOD)) == by_home
    towns = breakdowns.uses_by_venue_municipality(PERIOD, lang="sv")
    assert as_dict(towns) == {"186": by_venue[str(world.venue.id)], "564": by_venue[str(world.other_venue.id)]}
    assert {row.label for row in towns} == {"Träskända", "Uleåborg"}
    assert as_dict(breakdowns.uses_by_venue(PERIOD, Scope.venue(world.venue.id))) == \
        {str(world.venue.id): by_venue[str(world.venue.id)]}


def test_uses_by_category_age_group_and_gender(data):
    world, cards, uses = data
    live = counted(uses)
    assert as_dict(breakdowns.uses_by_category(PERIOD)) == {
        k: people([u for u in live if u.category == k]) for k in ("culture", "education", "science", "sports")}
    assert as_dict(breakdowns.uses_by_age_group(PERIOD)) == {"0-29": 0, "30-49": people(live), "50-64": 0, "65-": 0}
    genders = Counter()
    of_card = {c.id: c.gender for c in cards.values()}
    for u in live:
        genders[of_card[u.card_id] or ""] += u.adults + u.children
    assert as_dict(breakdowns.uses_by_gender(PERIOD)) == {"woman": genders["woman"], "man": genders["man"],
                                                          "other": 0, "not_told": 0, "": genders[""]}


def test_age_groups_use_the_birth_year(world):
    for birth_year, n in ((YEAR - 20, 1), (YEAR - 29, 2), (YEAR - 30, 3), (YEAR - 65, 4), (YEAR - 64, 5)):
        card = make_card(world.distributor, date(YEAR, 1, 2), birth_year=birth_year)
        make_use(card, world.venue, datetime(YEAR, 5, 5, 12), adults=n)
    db.session.commit()
    assert as_dict(breakdowns.uses_by_age_group(PERIOD)) == {"0-29": 3, "30-49": 3, "50-64": 5, "65-": 4}


def test_cross_area_use_both_ways(data):
    world, cards, uses = data
    issued_in = {c.id: c.issued_area_id for c in cards.values()}
    area_of_venue = {world.venue.id: world.area.id, world.other_venue.id: world.other_area.id}
    live = counted(uses)
    out = people([u for u in live if issued_in[u.card_id] == world.area.id
                  and area_of_venue[u.venue_id] != world.area.id])
    into = people([u for u in live if issued_in[u.card_id] != world.area.id
                   and area_of_venue[u.venue_id] == world.area.id])
    both = breakdowns.cross_area_use(PERIOD, world.area.id)
    assert both["outgoing"] == [(str(world.other_area.id), "Oulu", out)]
    assert both["incoming"] == [(str(world.other_area.id), "Oulu", into)]


def test_events_reaching_quota_and_quota_refusals(world):
    card = make_card(world.distributor, date(YEAR, 1, 2))
    full = factories.event(world.venue, quota=2)
    half = factories.event(world.venue, quota=3)
    no_quota = factories.event(world.venue, quota=None)
    elsewhere = factories.event(world.other_venue, quota=1)
    for event in (full, half, no_quota, elsewhere):
        event.starts_at = datetime(YEAR, 9, 1, 12)
    make_use(card, world.venue, datetime(YEAR, 9, 1, 12), adults=1, children=1, event=full)
    make_use(card, world.venue, datetime(YEAR, 9, 1, 12), adults=1, event=half)
    make_use(card, world.venue, datetime(YEAR, 9, 1, 12), adults=1, children=1, event=half, undone=True)
    make_use(card, world.other_venue, datetime(YEAR, 9, 1, 12), event=elsewhere)
    for reason, venue in (("quota_full", world.venue), ("quota_full", world.venue), ("sold_out", world.venue),
                          ("quota_full", world.other_venue), ("expired", world.venue), ("unknown", world.venue)):
        db.session.add(RefusedScan(at=datetime(YEAR, 9, 1, 12), venue_id=venue.id, reason=reason, raw_code="x"))
    db.session.add(RefusedScan(at=datetime(YEAR - 1, 9, 1), venue_id=world.venue.id, reason="expired", raw_code="x"))
    db.session.commit()
    assert events.event_quotas(PERIOD, Scope.venue(world.venue.id)) == {
        "events": 3, "with_quota": 2, "reached_quota": 1, "quota_full_refusals": 2, "sold_out_refusals": 1}
    assert events.event_quotas(PERIOD)["reached_quota"] == 2
    assert events.event_quotas(PERIOD, Scope.area(world.other_area.id))["quota_full_refusals"] == 1
    assert as_dict(events.refusals_by_reason(PERIOD, Scope.venue(world.venue.id))) == {
        "quota_full": 2, "sold_out": 1, "expired": 1, "unknown": 1}
    per_venue = {(r["venue_id"], r["reason"]): r["count"] for r in events.refusals_by_venue(PERIOD)}
    assert per_venue[(world.other_venue.id, "quota_full")] == 1 and per_venue[(world.venue.id, "expired")] == 1
    assert events.event_quotas(PERIOD, Scope.site(world.distributor.id))["events"] == 0


def test_registrations_by_site_and_renewals_due(data):
    world, cards, _uses = data
    assert as_dict(registrations.registrations_by_site(PERIOD)) == Counter(
        str(c.issuing_site_id) for c in cards.values() if c.issued_on.year == YEAR)
    due = make_card(world.distributor, today() - timedelta(days=360))
    make_card(world.other_distributor, today() - timedelta(days=350))
    db.session.commit()
    window_end = today() + timedelta(days=registrations.RENEWAL_WINDOW_DAYS)
    assert today() <= due.valid_until <= window_end
    assert registrations.renewals_due_count(today(), Scope.site(world.distributor.id)) == 1
    assert registrations.renewals_due_count(today()) == 2
