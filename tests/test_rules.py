"""Every verdict reason in DESIGN §2, produced through the one entry point `desk.check`."""
from datetime import timedelta

import pytest

from app.cards import ids
from app.cards import desk
from app.core import audit
from app.core import dates
from app.cards.rules import Party
from app.extensions import db
from app.models import Use
from app.models.base import utcnow
from tests import factories
from tests.factories import (
    ActiveCardFactory, CommunityCardFactory, ExpiredCardFactory, InactivatedCardFactory, LegacyCardFactory,
    StockCardFactory,
)

pytestmark = pytest.mark.db


def record(card, venue, max_age=desk.LIVE_SLACK, **kw):
    data = {"card": card.id, "client_scan_id": f"scan-{utcnow().timestamp()}-{id(kw)}", **kw}
    return desk.record_use(data, venue=venue, actor=audit.Actor(), max_age=max_age)


def wrong_check(card_id: str) -> str:
    return card_id[:-1] + ("0" if card_id[-1] != "0" else "1")


CASES = {
    "valid": lambda w: (ActiveCardFactory.create(w.distributor).id, {}),
    "unknown": lambda w: ("KK-0000-0000" + ids.check_char("00000000"), {}),
    "malformed": lambda w: (wrong_check(ActiveCardFactory.create(w.distributor).id), {}),
    "not_registered": lambda w: (StockCardFactory.create(site=w.distributor).id, {}),
    "expired": lambda w: (ExpiredCardFactory.create(w.distributor).id, {}),
    "inactivated": lambda w: (InactivatedCardFactory.create(w.distributor).id, {}),
    "children_exceeded": lambda w: (ActiveCardFactory.create(w.distributor, children=1).id,
                                    {"party": Party(children=2)}),
    "group_too_large": lambda w: (CommunityCardFactory.create(w.distributor).id, {"party": Party(children=10)}),
    "quota_full": lambda w: (ActiveCardFactory.create(w.distributor).id,
                             {"event_id": factories.event(w.venue, quota=0).id}),
    "sold_out": lambda w: (ActiveCardFactory.create(w.distributor).id,
                           {"event_id": factories.event(w.venue, sold_out=True).id}),
}


@pytest.mark.parametrize("reason", sorted(CASES))
def test_each_reason(world, reason):
    raw, kwargs = CASES[reason](world)
    verdict, _, _ = desk.check(raw, venue=world.venue, **kwargs)
    assert verdict.reason == reason
    assert verdict.status == ("ok" if reason == "valid" else "error")
    assert verdict.message


def test_already_used_today_is_a_warning_with_the_earlier_time(world):
    card = ActiveCardFactory.create(world.distributor)
    use, _ = record(card, world.venue)
    verdict, _, _ = desk.check(card.id, venue=world.venue)
    assert (verdict.status, verdict.reason) == ("warning", "already_used_today")
    assert verdict.earlier_use_at == use.scanned_at
    assert "earlier_use_at" in verdict.to_dict()


def test_use_at_another_venue_the_same_day_is_no_warning(world):
    card = ActiveCardFactory.create(world.distributor)
    record(card, world.other_venue)
    assert desk.check(card.id, venue=world.venue)[0].reason == "valid"


def test_an_undone_use_does_not_warn(world):
    card = ActiveCardFactory.create(world.distributor)
    use, _ = record(card, world.venue)
    desk.undo_use(use, actor=audit.Actor())
    assert desk.check(card.id, venue=world.venue)[0].reason == "valid"


def test_organisation_not_approved_is_not_active(world):
    venue = factories.organisation("venue", approved=False)
    card = ActiveCardFactory.create(world.distributor)
    assert desk.check(card.id, venue=venue)[0].reason == "organisation_not_active"


def test_organisation_without_acknowledged_current_commitment_is_not_active(world):
    card = ActiveCardFactory.create(world.distributor)
    version = factories.publish_commitment()
    assert desk.check(card.id, venue=world.venue)[0].reason == "organisation_not_active"
    factories.acknowledge(world.venue, version)
    assert desk.check(card.id, venue=world.venue)[0].reason == "valid"


def test_approval_takes_effect_on_its_date(world):
    card = ActiveCardFactory.create(world.distributor)
    world.venue.approved_from = factories.today() + timedelta(days=30)
    assert desk.check(card.id, venue=world.venue)[0].reason == "organisation_not_active"


def test_valid_on_the_last_day_and_expired_the_day_after(world):
    card = ActiveCardFactory.create(world.distributor)
    assert card.valid_until == dates.add_months(card.issued_on, 12)
    last_day = card.valid_until
    assert not card.is_expired_on(last_day)
    assert card.is_expired_on(last_day + timedelta(days=1))


def test_valid_until_is_the_same_day_twelve_months_later_and_handles_month_ends():
    from datetime import date
    assert dates.add_months(date(2025, 3, 15), 12) == date(2026, 3, 15)
    assert dates.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert dates.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


def test_community_card_admits_the_group_limit(world):
    card = CommunityCardFactory.create(world.distributor)
    verdict = desk.check(card.id, venue=world.venue, party=Party(children=9))[0]
    assert verdict.reason == "valid" and verdict.card["children_allowed"] == 9
    assert verdict.card["kind"] == "community"


def test_children_up_to_the_registered_number_are_fine(world):
    card = ActiveCardFactory.create(world.distributor, children=3)
    verdict = desk.check(card.id, venue=world.venue, party=Party(children=3))[0]
    assert verdict.reason == "valid" and verdict.card["children_allowed"] == 3


def test_quota_counts_holders_and_children_and_reports_usage(world):
    event = factories.event(world.venue, quota=3)
    card = ActiveCardFactory.create(world.distributor, children=2)
    use, verdict = record(card, world.venue, event_id=event.id, children=2)
    assert use is not None and verdict["event"] == {"quota": 3, "used": 3}
    other = ActiveCardFactory.create(world.distributor)
    assert desk.check(other.id, venue=world.venue, event_id=event.id)[0].reason == "quota_full"


def test_legacy_id_matches_ignoring_case_spaces_and_dashes(world):
    LegacyCardFactory.create("AB-12345")
    assert desk.check("ab 123-45", venue=world.venue)[0].reason == "valid"


def test_an_existing_legacy_id_wins_over_the_new_format_reading(world):
    new = ActiveCardFactory.create(world.distributor)
    legacy_same_text = new.id.replace("-", "").replace("KK", "", 1)  # bare body reads as the new card...
    LegacyCardFactory.create(legacy_same_text, valid_until=factories.today() - timedelta(days=1))
    verdict = desk.check(legacy_same_text, venue=world.venue)[0]
    assert verdict.reason == "expired" and verdict.card["id"] == legacy_same_text  # ...but the legacy card wins


def test_refused_scans_are_logged_with_reason_and_raw_code(world):
    from app.models import RefusedScan
    card = ExpiredCardFactory.create(world.distributor)
    use, verdict = record(card, world.venue)
    assert use is None and verdict["reason"] == "expired"
    logged = db.session.query(RefusedScan).one()
    assert (logged.reason, logged.raw_code) == ("expired", card.id)


def test_offline_use_is_judged_at_its_scan_time(world):
    card = ActiveCardFactory.create(world.distributor)
    before_issue = (utcnow() - timedelta(days=2)).isoformat() + "Z"
    use, verdict = record(card, world.venue, scanned_at=before_issue, max_age=desk.OFFLINE_WINDOW)
    assert use is not None and use.scanned_at < utcnow() - timedelta(days=1)
    assert db.session.query(Use).count() == 1
