"""Offline sync never loses a use: each item of a batch is stored on its own, and a scan that comes too
late is kept as a refused scan that the staff and the coordinator can see."""
import uuid
from datetime import timedelta

import pytest

from app.cards import desk
from app.core import audit
from app.extensions import db
from app.models import RefusedScan, Use
from app.models.base import utcnow
from tests import factories
from tests.conftest import PG_URL, login
from tests.factories import ActiveCardFactory

pytestmark = pytest.mark.db


def item(card_id: str, **extra) -> dict:
    return {"card": card_id, "client_scan_id": str(uuid.uuid4()), "source": "offline_sync", **extra}


def hours_ago(hours: int) -> str:
    return (utcnow() - timedelta(hours=hours)).isoformat() + "Z"


@pytest.mark.parametrize("bad", [{"card": "KK\x00BAD"}, {"card": "\ud800"}, {"adults": "1"}, {"children": True},
                                 {"event_id": 999999}, {"event_id": 10**20}, {"client_scan_id": "short"},
                                 {"scanned_at": "yesterday"}])
def test_one_bad_item_gets_its_own_error_and_the_others_are_recorded(world, venue_api, bad):
    first, second = ActiveCardFactory.create(world.distributor), ActiveCardFactory.create(world.distributor)
    db.session.commit()
    items = [item(first.id), {**item(first.id), **bad}, item(second.id)]
    response = venue_api.post("/api/v1/uses/batch", json={"uses": items})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["status"] for r in results][::2] == [201, 201]
    assert results[1]["status"] in (400, 404) and results[1]["error"] and results[1]["message"]
    assert "use_id" not in results[1]
    assert {use.card_id for use in db.session.query(Use)} == {first.id, second.id}


def test_an_item_the_database_refuses_is_rolled_back_alone(world):
    """On PostgreSQL a NUL byte reaches the database as an error; the savepoint keeps the rest."""
    first, second = ActiveCardFactory.create(world.distributor), ActiveCardFactory.create(world.distributor)
    db.session.commit()
    results = desk.record_batch([item(first.id), item("KK\x00BAD"), item(second.id)], venue=world.venue,
                                   actor=audit.Actor())
    db.session.commit()
    assert [r["status"] for r in results][::2] == [201, 201] and results[1]["status"] != 201
    if PG_URL:
        assert results[1]["error"] == "not_stored" and results[1]["message"]
    assert {use.card_id for use in db.session.query(Use)} == {first.id, second.id}


def test_a_scan_too_old_to_record_is_kept_as_a_refused_scan(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    old = item(card.id, scanned_at=hours_ago(100))
    batch = {"uses": [item(card.id, scanned_at=hours_ago(2)), old]}
    results = venue_api.post("/api/v1/uses/batch", json=batch, headers={"Accept-Language": "en"}).get_json()["results"]
    assert results[0]["status"] == 201
    assert results[1]["status"] == 200 and results[1]["client_scan_id"] == old["client_scan_id"]
    assert results[1]["verdict"]["status"] == "error" and results[1]["verdict"]["reason"] == "too_old"
    assert results[1]["verdict"]["message"] == "This scan is too old to be recorded."
    assert results[1]["error"] == "too_old"
    kept = db.session.query(RefusedScan).one()
    assert (kept.reason, kept.raw_code, kept.venue_id, kept.client_scan_id) == (
        "too_old", card.id, world.venue.id, old["client_scan_id"])
    assert db.session.query(Use).count() == 1

    again = venue_api.post("/api/v1/uses/batch", json=batch).get_json()["results"]
    assert [r["status"] for r in again] == [201, 200] and again[0]["use_id"] == results[0]["use_id"]
    assert db.session.query(RefusedScan).count() == 1 and db.session.query(Use).count() == 1


def test_a_live_scan_too_old_is_still_an_error_not_kept(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    response = venue_api.post("/api/v1/uses", json=item(card.id, scanned_at=hours_ago(100)))
    assert response.status_code == 400 and response.get_json()["error"] == "scanned_at_too_old"
    assert db.session.query(RefusedScan).count() == 0


def test_queued_repeats_are_recorded_when_confirmed_and_only_then(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    items = [item(card.id, scanned_at=hours_ago(0)), item(card.id), item(card.id, confirm_repeat=True)]
    results = venue_api.post("/api/v1/uses/batch", json={"uses": items}).get_json()["results"]
    assert [r["status"] for r in results] == [201, 200, 201]
    assert results[1]["verdict"]["reason"] == results[2]["verdict"]["reason"] == "already_used_today"
    assert db.session.query(Use).count() == 2


def refused_scans_page(client, **query) -> str:
    response = client.get("/admin/refused-scans", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def keep_too_old(venue, raw: str) -> None:
    desk.record_batch([item(raw, scanned_at=hours_ago(100))], venue=venue, actor=audit.Actor())
    db.session.commit()


def test_the_coordinator_sees_too_old_scans_of_its_areas_venues(login_as, world):
    card = ActiveCardFactory.create(world.distributor)
    keep_too_old(world.venue, card.id)
    coordinator = login_as("coordinator")
    html = refused_scans_page(coordinator)
    assert 'data-reason="too_old"' in html and card.id in html and "Teatteri" in html
    assert card.id in refused_scans_page(coordinator, reason="too_old")
    assert card.id not in refused_scans_page(coordinator, reason="expired")
    assert 'href="/admin/refused-scans"' in coordinator.get("/admin").get_data(as_text=True)


def test_refused_scans_stay_within_the_coordinators_scope(app, world):
    card = ActiveCardFactory.create(world.distributor)
    keep_too_old(world.venue, card.id)
    keep_too_old(world.other_venue, "OTHER-AREA-SCAN")
    factories.user("coordinator", area_obj=world.other_area, email="oulu@example.fi")
    factories.user("coordinator", area_obj=world.area, side="sote", email="sote@example.fi")
    db.session.commit()

    def page_for(email: str) -> str:
        client = app.test_client()
        assert login(client, email).status_code == 302
        return refused_scans_page(client)

    oulu = page_for("oulu@example.fi")
    assert "OTHER-AREA-SCAN" in oulu and card.id not in oulu
    sote = page_for("sote@example.fi")
    assert "OTHER-AREA-SCAN" not in sote and card.id not in sote
    national = page_for(world.people["national_admin"].email)
    assert "OTHER-AREA-SCAN" in national and card.id in national


def test_venue_and_distributor_staff_cannot_open_the_refused_scans(login_as, world):
    assert login_as("venue").get("/admin/refused-scans").status_code == 403
