"""Two desks at the same moment: the quota and client_scan_id hold under real concurrency (PostgreSQL)."""
import threading
import uuid

import pytest

from app.cards import desk
from app.core import audit
from app.extensions import db
from app.models import Organisation, Use
from tests import factories
from tests.conftest import PG_URL

pytestmark = [pytest.mark.postgres_only,
              pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (TEST_DATABASE_URL); CI always sets it")]


def hammer(app, venue_id, payloads):
    barrier = threading.Barrier(len(payloads))
    results, errors = [], []

    def one(payload):
        with app.app_context():
            try:
                venue = db.session.get(Organisation, venue_id)
                barrier.wait(timeout=30)
                use, verdict = desk.record_use(payload, venue=venue, actor=audit.Actor())
                db.session.commit()
                results.append((use.id if use else None, verdict["reason"]))
            except Exception as err:  # collected and asserted below
                db.session.rollback()
                errors.append(repr(err))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_twenty_desks_on_a_quota_of_three_record_exactly_three(app, world):
    event = factories.event(world.venue, quota=3)
    cards = [factories.ActiveCardFactory.create(world.distributor) for _ in range(20)]
    db.session.commit()
    payloads = [{"card": c.id, "client_scan_id": str(uuid.uuid4()), "event_id": event.id} for c in cards]
    results, errors = hammer(app, world.venue.id, payloads)
    assert not errors
    assert sorted(r for _, r in results).count("valid") == 3
    assert sum(1 for _, r in results if r == "quota_full") == 17
    db.session.expire_all()
    assert db.session.query(Use).filter_by(event_id=event.id).count() == 3


def test_ten_desks_sending_the_same_scan_record_one_use(app, world):
    card = factories.ActiveCardFactory.create(world.distributor)
    db.session.commit()
    payload = {"card": card.id, "client_scan_id": str(uuid.uuid4())}
    results, errors = hammer(app, world.venue.id, [dict(payload) for _ in range(10)])
    assert not errors and len(results) == 10
    assert len({use_id for use_id, _ in results}) == 1
    db.session.expire_all()
    assert db.session.query(Use).count() == 1


def test_five_first_views_of_an_annual_checklist_make_one_copy(app, world):
    from app.network import annual
    from app.models import AnnualTask

    barrier = threading.Barrier(5)
    errors = []

    def first_view():
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                annual.checklist(world.area.id, 2026, audit.Actor())
                db.session.commit()
            except Exception as err:  # collected and asserted below
                db.session.rollback()
                errors.append(repr(err))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=first_view) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert db.session.query(AnnualTask).filter_by(area_id=world.area.id, year=2026).count() == len(annual.TEMPLATE)


def test_ten_desks_undoing_one_use_undo_it_exactly_once(app, world):
    from app.models import AuditEntry

    card = factories.ActiveCardFactory.create(world.distributor)
    db.session.commit()
    use, _ = desk.record_use({"card": card.id, "client_scan_id": str(uuid.uuid4())},
                                venue=world.venue, actor=audit.Actor())
    db.session.commit()
    use_id, headers = use.id, {"Authorization": f"Bearer {world.keys['venue']}"}
    barrier = threading.Barrier(10)
    answers, errors = [], []

    def undo():
        try:
            desk = app.test_client()
            barrier.wait(timeout=30)
            response = desk.post(f"/api/v1/uses/{use_id}/undo", headers=headers)
            answers.append((response.status_code, response.get_json()))
        except Exception as err:  # collected and asserted below
            errors.append(repr(err))

    threads = [threading.Thread(target=undo) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and len(answers) == 10
    done = [body for status, body in answers if status == 200]
    refused = [(status, body["error"]) for status, body in answers if status != 200]
    assert len(done) == 1, answers
    assert refused == [(400, "already_undone")] * 9
    db.session.expire_all()
    assert db.session.query(AuditEntry).filter_by(action="use_undone", target_id=str(use_id)).count() == 1
    assert db.session.get(Use, use_id).undone_at.isoformat() + "Z" == done[0]["undone_at"]
