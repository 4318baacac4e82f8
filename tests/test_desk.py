"""The ticket desk's pages and read endpoints, without a browser: languages, labels, events, scope."""
import re
import uuid
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.extensions import db
from app.models import Event
from app.models.base import helsinki_date, helsinki_day_bounds, utcnow
from app.people import membership
from tests import factories
from tests.conftest import Api, csrf_from, login

DESK_FIELDS = ("card-input", "children", "assistants", "category", "event", "zoom", "photo")


def record(venue_api, card, **extra):
    body = {"card": card.id, "client_scan_id": uuid.uuid4().hex, "source": "camera_qr", **extra}
    response = venue_api.post("/api/v1/uses", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["use_id"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_desk_renders_in_each_language_with_a_visible_label_for_every_field(app, world, login_as, lang):
    client = login_as("venue")
    html = client.get("/scan", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    for field in DESK_FIELDS:
        assert re.search(rf'<label for="{field}"[^>]*>\s*\S', html), f"no visible label for {field}"
        assert f'id="{field}"' in html
    with force_locale(lang):
        assert f'<label for="card-input">{gettext("Card number")}</label>' in html
        assert gettext("Take a photo") in html


def test_the_desk_has_no_inline_script_or_style(world, login_as):
    html = login_as("venue").get("/scan").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('type="application/json"' in attrs or "src=" in attrs for attrs in scripts)
    assert " style=" not in html and " onclick=" not in html


def test_the_desk_strings_carry_no_untranslated_placeholders(world, login_as):
    html = login_as("venue").get("/scan", headers={"Accept-Language": "en"}).get_data(as_text=True)
    strings = re.search(r'<script type="application/json" id="desk-strings">(.*?)</script>', html, re.S).group(1)
    assert "%(" not in strings and "{card}" in strings


def test_a_venue_user_with_two_sites_chooses_one_and_cannot_name_another_venue(app, world, login_as):
    second = factories.organisation("venue", name="Museo", municipality="186")
    world.people["venue"].memberships.append(membership("venue", org_id=second.id))
    db.session.commit()
    client = login_as("venue")
    chooser = client.get("/scan").get_data(as_text=True)
    assert f"/scan?site={second.id}" in chooser and f"/scan?site={world.venue.id}" in chooser
    assert "Museo" in client.get(f"/scan?site={second.id}").get_data(as_text=True)
    assert client.get(f"/scan?site={world.other_venue.id}").status_code == 403


def test_creating_an_event_defaults_the_quota_to_three_percent_rounded_up(world, login_as):
    client = login_as("venue")
    page = client.get("/scan/events", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for field in ("event-name", "event-starts_at", "event-capacity", "event-quota"):
        assert f'<label for="{field}">' in page
    data = {"csrf_token": csrf_from(page), "name": "Hamlet", "starts_at": "2030-05-04T19:00", "capacity": "150",
            "quota": ""}
    response = client.post("/scan/events", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 302
    event = db.session.scalars(select(Event).filter_by(name="Hamlet")).one()
    assert (event.venue_id, event.capacity, event.quota, event.sold_out) == (world.venue.id, 150, 5, False)
    listing = client.get(response.headers["Location"], headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Hamlet" in listing and "0/5" in listing


def test_a_bad_event_form_explains_and_creates_nothing(world, login_as):
    client = login_as("venue")
    token = csrf_from(client.get("/scan/events").get_data(as_text=True))
    data = {"csrf_token": token, "name": "Hamlet", "starts_at": "2030-05-04T19:00", "capacity": "10", "quota": "11"}
    response = client.post("/scan/events", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Quota: a whole number from 0 to the capacity." in html and 'value="Hamlet"' in html
    assert db.session.scalars(select(Event)).all() == []


def test_editing_an_event_marks_it_sold_out_and_only_at_the_own_venue(app, world, login_as):
    own = factories.event(world.venue, capacity=100, quota=3)
    other = factories.event(world.other_venue)
    db.session.commit()
    client = login_as("venue")
    page = client.get(f"/scan/events/{own.id}").get_data(as_text=True)
    assert 'value="Concert"' in page
    data = {"csrf_token": csrf_from(page), "name": "Concert", "starts_at": "2030-05-04T19:00", "capacity": "100",
            "quota": "4", "sold_out": "1"}
    assert client.post(f"/scan/events/{own.id}", data=data).status_code == 302
    db.session.refresh(own)
    assert (own.quota, own.sold_out) == (4, True)
    assert client.get(f"/scan/events/{other.id}").status_code == 403
    assert client.post(f"/scan/events/{other.id}", data=data).status_code == 403
    assert client.get("/scan/events/999999").status_code == 404


def test_uses_today_lists_the_sites_own_uses_newest_first_with_undo_state(world, venue_api, client):
    first, second = (factories.ActiveCardFactory.create(world.distributor) for _ in range(2))
    first_use = record(venue_api, first, children=1)
    second_use = record(venue_api, second)
    assert venue_api.post(f"/api/v1/uses/{first_use}/undo").status_code == 200
    Api(client, world.keys["other_venue"]).post(
        "/api/v1/uses", json={"card": first.id, "client_scan_id": uuid.uuid4().hex})
    uses = venue_api.get("/api/v1/uses/today").get_json()["uses"]
    assert [use["use_id"] for use in uses] == [second_use, first_use]
    assert (uses[1]["card"], uses[1]["children"], uses[1]["undone"], uses[1]["can_undo"]) == (first.id, 1, True, False)
    assert (uses[0]["undone"], uses[0]["can_undo"], uses[0]["source"]) == (False, True, "camera_qr")


def test_events_today_shows_quota_used_and_never_another_venues_events(world, venue_api):
    midnight, next_midnight = helsinki_day_bounds(helsinki_date(utcnow()))
    today = factories.event(world.venue, capacity=100, quota=3)
    today.starts_at = midnight + timedelta(hours=12)
    factories.event(world.venue).starts_at = next_midnight + timedelta(hours=12)
    factories.event(world.other_venue)
    db.session.commit()
    record(venue_api, factories.ActiveCardFactory.create(world.distributor), children=1, event_id=today.id)
    events = venue_api.get("/api/v1/events/today").get_json()["events"]
    assert [(event["event_id"], event["quota"], event["used"]) for event in events] == [(today.id, 3, 2)]


@pytest.mark.parametrize("url", ["/api/v1/uses/today", "/api/v1/events/today"])
def test_the_desk_reads_need_the_venue_role(app, world, url):
    assert app.test_client().get(url).status_code == 401
    client = app.test_client()
    login(client, world.people["distributor"].email)
    assert client.get(url).status_code == 403
    client = app.test_client()
    login(client, world.people["venue"].email)
    assert client.get(url).status_code == 200
    assert client.get(f"{url}?site={world.other_venue.id}").status_code == 403
