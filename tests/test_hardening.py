"""Findings of the security review, each pinned by a test."""
import uuid
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Use
from app.models.base import utcnow
from tests.conftest import Api, csrf_from
from tests.factories import PASSWORD, ActiveCardFactory, ExpiredCardFactory, StockCardFactory

pytestmark = pytest.mark.db


def test_another_venues_equal_client_scan_id_is_a_different_scan(client, world, venue_api):
    card = ActiveCardFactory.create(world.distributor)
    other_card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    first = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": "order-000001"})
    other = Api(client, world.keys["other_venue"]).post(
        "/api/v1/uses", json={"card": other_card.id, "client_scan_id": "order-000001"})
    assert first.status_code == other.status_code == 201
    assert other.get_json()["use_id"] != first.get_json()["use_id"]
    assert other.get_json()["verdict"]["card"]["id"] == other_card.id
    assert db.session.query(Use).count() == 2


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example",
                                    "/%0a/evil.example"])
def test_login_never_redirects_off_site(client, world, target):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(f"/login?next={target}", data={"email": world.people["venue"].email,
                                                          "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/scan"


def test_a_live_scan_cannot_be_dated_back_to_when_the_card_was_valid(world, venue_api):
    card = ExpiredCardFactory.create(world.distributor)
    db.session.commit()
    back = (utcnow() - timedelta(days=60)).isoformat() + "Z"
    response = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": str(uuid.uuid4()),
                                                    "scanned_at": back})
    assert response.status_code == 400 and response.get_json()["error"] == "scanned_at_too_old"
    assert db.session.query(Use).count() == 0


def test_the_offline_queue_may_be_three_days_old_but_no_older(world, venue_api):
    card = ActiveCardFactory.create(world.distributor, issued_on=utcnow().date() - timedelta(days=10))
    db.session.commit()
    items = [{"card": card.id, "client_scan_id": str(uuid.uuid4()),
              "scanned_at": (utcnow() - timedelta(hours=hours)).isoformat() + "Z"} for hours in (70, 80)]
    results = venue_api.post("/api/v1/uses/batch", json={"uses": items}).get_json()["results"]
    assert [r["status"] for r in results] == [201, 200]
    assert results[1]["verdict"]["reason"] == "too_old" and results[1]["error"] == "too_old"
    assert db.session.query(Use).count() == 1


@pytest.mark.parametrize("payload", [{"scanned_at": "0001-01-01T00:00:00+14:00"}, {"event_id": "9" * 20},
                                     {"event_id": True}])
def test_extreme_values_are_400_not_500(world, venue_api, payload):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    response = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": str(uuid.uuid4()), **payload})
    assert response.status_code in (400, 404) and response.get_json()["error"]


def test_event_with_an_extreme_date_is_400(venue_api):
    response = venue_api.post("/api/v1/events", json={"name": "x", "starts_at": "0001-01-01T00:00", "capacity": 10})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_starts_at"


def test_undo_of_a_huge_id_is_404(venue_api):
    assert venue_api.post("/api/v1/uses/99999999999999999999/undo").status_code == 404


def test_the_three_public_checks_share_one_budget_per_address(client):
    urls = ["/c/KK-0000-00000", "/check?card=KK-0000-00000", "/api/v1/public/cards/KK-0000-00000"]
    statuses = [client.get(urls[i % 3]).status_code for i in range(31)]
    assert statuses[:30].count(429) == 0 and statuses[30] == 429


def test_unallocated_stock_belongs_to_no_distributor(world, distributor_api):
    card = StockCardFactory.create()
    db.session.commit()
    response = distributor_api.post(f"/api/v1/cards/{card.id}/registration", json={
        "birth_year": 1990, "postcode": "04300", "municipality": "858"})
    assert response.status_code == 400 and response.get_json()["error"] == "allocated_elsewhere"
