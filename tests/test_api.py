"""API v1 with API keys: a venue checks and records, a distributor registers, renews, inactivates."""
import uuid
from datetime import timedelta

import pytest

from app.cards import ids
from app.extensions import db
from app.models import Card, RefusedScan, Use
from app.models.base import utcnow
from tests.factories import ActiveCardFactory, ExpiredCardFactory, StockCardFactory

pytestmark = pytest.mark.db


def scan_id() -> str:
    return str(uuid.uuid4())


def test_check_gives_the_verdict_without_recording(world, venue_api):
    card = ActiveCardFactory.create(world.distributor, children=2)
    db.session.commit()
    body = venue_api.get(f"/api/v1/cards/{card.id}").get_json()
    assert body["status"] == "ok" and body["reason"] == "valid"
    assert body["card"] == {"id": card.id, "kind": "client", "valid_until": card.valid_until.isoformat(),
                            "children_allowed": 2, "issued_area": "Keski-Uusimaa"}
    assert db.session.query(Use).count() == 0


def test_check_accepts_the_qr_url_url_encoded(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    from urllib.parse import quote
    url = quote(f"https://kortti.example/c/{card.id}", safe="")
    assert venue_api.get(f"/api/v1/cards/{url}").get_json()["reason"] == "valid"


def test_record_use_then_same_client_scan_id_gives_the_first_answer(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    payload = {"card": card.id, "adults": 1, "children": 1, "assistants": 1, "client_scan_id": scan_id(),
               "source": "camera_qr"}
    first = venue_api.post("/api/v1/uses", json=payload)
    assert first.status_code == 201
    again = venue_api.post("/api/v1/uses", json=payload)
    assert again.status_code == 201 and again.get_json() == first.get_json()
    assert db.session.query(Use).count() == 1
    use = db.session.query(Use).one()
    assert (use.adults, use.children, use.assistants, use.category, use.source) == (1, 1, 1, "culture", "camera_qr")


def test_refused_use_is_200_with_the_verdict_and_logged(world, venue_api):
    card = ExpiredCardFactory.create(world.distributor)
    db.session.commit()
    response = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": scan_id()})
    assert response.status_code == 200
    assert response.get_json()["verdict"]["reason"] == "expired"
    assert db.session.query(Use).count() == 0
    assert db.session.query(RefusedScan).count() == 1


def test_second_use_today_is_recorded_with_a_warning_only_when_confirmed(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": scan_id()})
    check = venue_api.get(f"/api/v1/cards/{card.id}").get_json()
    assert check["status"] == "warning" and check["earlier_use_at"]
    unconfirmed = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": scan_id()})
    assert unconfirmed.status_code == 200 and unconfirmed.get_json()["verdict"]["reason"] == "already_used_today"
    assert db.session.query(Use).count() == 1
    second = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": scan_id(), "confirm_repeat": True})
    assert second.status_code == 201 and second.get_json()["verdict"]["reason"] == "already_used_today"
    assert db.session.query(Use).count() == 2


def test_batch_judges_each_item_at_its_scan_time(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    expired = ExpiredCardFactory.create(world.distributor)
    db.session.commit()
    earlier = (utcnow() - timedelta(hours=3)).isoformat() + "Z"
    items = [{"card": card.id, "client_scan_id": scan_id(), "scanned_at": earlier},
             {"card": expired.id, "client_scan_id": scan_id()},
             {"card": card.id, "client_scan_id": "short"},
             "not an object"]
    results = venue_api.post("/api/v1/uses/batch", json={"uses": items}).get_json()["results"]
    assert [r["status"] for r in results] == [201, 200, 400, 400]
    assert results[1]["verdict"]["reason"] == "expired"
    assert results[2]["error"] == "invalid_client_scan_id"
    assert db.session.query(Use).count() == 1


def test_undo_within_the_window_then_not_again(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    use_id = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": scan_id()}).get_json()["use_id"]
    assert venue_api.post(f"/api/v1/uses/{use_id}/undo").status_code == 200
    again = venue_api.post(f"/api/v1/uses/{use_id}/undo")
    assert again.status_code == 400 and again.get_json()["error"] == "already_undone"
    assert db.session.get(Use, use_id).undone_at is not None  # logged, not deleted


def test_undo_after_the_window_is_refused(world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    use_id = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": scan_id()}).get_json()["use_id"]
    db.session.get(Use, use_id).received_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    response = venue_api.post(f"/api/v1/uses/{use_id}/undo")
    assert response.status_code == 400 and response.get_json()["error"] == "undo_window_passed"


def test_another_venue_cannot_undo(world, client, venue_api):
    from tests.conftest import Api
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    use_id = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": scan_id()}).get_json()["use_id"]
    other = Api(client, world.keys["other_venue"])
    assert other.post(f"/api/v1/uses/{use_id}/undo").status_code == 403


def test_events_default_quota_is_three_percent_rounded_up(world, venue_api):
    response = venue_api.post("/api/v1/events", json={"name": "Hamlet", "starts_at": "2026-12-01T19:00",
                                                      "capacity": 101})
    assert response.status_code == 201
    body = response.get_json()
    assert body["quota"] == 4
    patched = venue_api.patch(f"/api/v1/events/{body['event_id']}", json={"sold_out": True, "quota": 2})
    assert patched.get_json()["quota"] == 2 and patched.get_json()["sold_out"] is True


def test_registration_renewal_and_inactivation_with_replacement(world, distributor_api, venue_api):
    card = StockCardFactory.create(site=world.distributor)
    spare = StockCardFactory.create(site=world.distributor)
    db.session.commit()
    registered = distributor_api.post(f"/api/v1/cards/{card.id}/registration", json={
        "birth_year": 1990, "postcode": "04300", "municipality": "858", "children": 2, "gender": "woman"})
    assert registered.status_code == 201, registered.get_json()
    assert registered.get_json()["card"]["state"] == "active"
    renewed = distributor_api.post(f"/api/v1/cards/{card.id}/renewal", json={"children": 3})
    assert renewed.status_code == 200 and renewed.get_json()["card"]["children_allowed"] == 3
    gone = distributor_api.post(f"/api/v1/cards/{card.id}/inactivation",
                                json={"reason": "lost", "replacement": spare.id})
    assert gone.status_code == 200
    assert gone.get_json()["card"]["replacement"] == spare.id
    assert gone.get_json()["replacement"]["state"] == "active"
    assert venue_api.get(f"/api/v1/cards/{card.id}").get_json()["reason"] == "inactivated"
    new = db.session.get(Card, spare.id)
    assert (new.birth_year, new.children, new.postcode) == (1990, 3, "04300")


@pytest.mark.parametrize("payload, error", [
    ({"birth_year": 2020, "postcode": "04300", "municipality": "858"}, "invalid_birth_year"),
    ({"birth_year": 1990, "postcode": "4300", "municipality": "858"}, "invalid_postcode"),
    ({"birth_year": 1990, "postcode": "04300", "municipality": "999"}, "unknown_municipality"),
    ({"birth_year": 1990, "postcode": "04300", "municipality": "091"}, "municipality_not_participating"),
    ({"birth_year": 1990, "postcode": "04300", "municipality": "858", "children": -1}, "invalid_children"),
    ({"birth_year": 1990, "postcode": "04300", "municipality": "858", "children": 21}, "invalid_children"),
    ({"birth_year": 1990, "postcode": "04300", "municipality": "858", "gender": "x"}, "invalid_gender"),
    ({"birth_year": 1990, "postcode": "04300", "municipality": "858", "issued_on": "2000-01-01"},
     "invalid_issued_on"),
])
def test_bad_registration_input_is_refused_and_changes_nothing(world, distributor_api, payload, error):
    card = StockCardFactory.create(site=world.distributor)
    db.session.commit()
    response = distributor_api.post(f"/api/v1/cards/{card.id}/registration", json=payload,
                                    headers={"Accept-Language": "en"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == error and body["message"]
    db.session.expire_all()
    assert db.session.get(Card, card.id).state == "stock"


def test_card_of_another_sites_stock_cannot_be_registered(world, distributor_api):
    card = StockCardFactory.create(site=world.other_distributor)
    db.session.commit()
    response = distributor_api.post(f"/api/v1/cards/{card.id}/registration", json={
        "birth_year": 1990, "postcode": "04300", "municipality": "858"})
    assert response.status_code == 400 and response.get_json()["error"] == "allocated_elsewhere"


def test_double_registration_is_refused(world, distributor_api):
    card = StockCardFactory.create(site=world.distributor)
    db.session.commit()
    data = {"birth_year": 1990, "postcode": "04300", "municipality": "858"}
    assert distributor_api.post(f"/api/v1/cards/{card.id}/registration", json=data).status_code == 201
    again = distributor_api.post(f"/api/v1/cards/{card.id}/registration", json=data)
    assert again.status_code == 400 and again.get_json()["error"] == "already_registered"


def test_renewal_at_another_distributor_is_refused(world, client):
    from app.auth.principal import create_api_key
    from tests.conftest import Api
    card = ActiveCardFactory.create(world.other_distributor)
    other = Api(client, create_api_key(world.distributor))
    db.session.commit()
    response = other.post(f"/api/v1/cards/{card.id}/renewal")
    assert response.status_code == 403 and response.get_json()["error"] == "other_distributor"


def test_malformed_id_gets_a_clear_error(world, distributor_api, venue_api):
    wrong = ids.generate()
    wrong = wrong[:-1] + ("0" if wrong[-1] != "0" else "1")
    response = distributor_api.post(f"/api/v1/cards/{wrong}/registration", json={})
    assert response.status_code == 400 and response.get_json()["error"] == "malformed"
    assert venue_api.get(f"/api/v1/cards/{wrong}").get_json()["reason"] == "malformed"


def test_body_that_is_not_json_is_400(venue_api):
    response = venue_api.post("/api/v1/uses", data="not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.get_json()) >= {"error", "message"}


def test_bad_or_missing_key_is_401_and_wrong_role_is_403(client, distributor_api, world):
    assert client.get("/api/v1/cards/KK").status_code == 401
    bad = client.get("/api/v1/cards/KK", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.get_json()["error"] == "unauthorized"
    assert distributor_api.post("/api/v1/uses", json={}).status_code == 403


def test_unknown_resource_is_404_and_too_large_is_413(venue_api):
    assert venue_api.post("/api/v1/uses/999999/undo").status_code == 404
    assert venue_api.get("/api/v1/nothing-here").get_json()["error"] == "not_found"
    big = venue_api.post("/api/v1/uses", data="x" * (10 * 1024 * 1024), content_type="application/json")
    assert big.status_code == 413 and big.get_json()["error"] == "too_large"


def test_session_json_writes_need_the_csrf_token(login_as, world):
    client = login_as("venue")
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    payload = {"card": card.id, "client_scan_id": scan_id()}
    assert client.post("/api/v1/uses", json=payload).status_code == 400
    from tests.conftest import csrf_from
    token = csrf_from(client.get("/scan").get_data(as_text=True))
    assert client.post("/api/v1/uses", json=payload, headers={"X-CSRFToken": token}).status_code == 201


def test_openapi_describes_every_call(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    for path in ("/cards/{raw}", "/uses", "/uses/today", "/events/today", "/uses/batch", "/uses/{use_id}/undo", "/cards/{raw}/registration",
                 "/cards/{raw}/renewal", "/cards/{raw}/inactivation", "/decode", "/events", "/events/{event_id}",
                 "/public/cards/{raw}"):
        assert path in doc["paths"]


@pytest.mark.parametrize("lang, text", [("fi", "Kortti on voimassa."), ("sv", "Kortet är giltigt."),
                                        ("en", "Valid card.")])
def test_verdict_messages_come_in_the_callers_language(world, venue_api, lang, text):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    body = venue_api.get(f"/api/v1/cards/{card.id}", headers={"Accept-Language": lang}).get_json()
    assert body["message"] == text
