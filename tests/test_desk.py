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
from app.network.people import membership
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


def started(event, at):
    event.starts_at = at
    event.created_at = at - timedelta(days=7)
    return event


def test_the_events_page_lists_earlier_events_newest_first_with_tickets_used_against_the_quota(world, login_as,
                                                                                                venue_api):
    midnight, _ = helsinki_day_bounds(helsinki_date(utcnow()))
    last_week = started(factories.event(world.venue, capacity=100, quota=4), midnight - timedelta(days=7))
    last_week.name = "Last week play"
    yesterday = started(factories.event(world.venue, capacity=100, quota=3), midnight - timedelta(hours=5))
    yesterday.name = "Yesterday concert"
    started(factories.event(world.venue), midnight - timedelta(days=120)).name = "Long ago"
    started(factories.event(world.other_venue), midnight - timedelta(days=2)).name = "Elsewhere"
    db.session.commit()
    card = factories.ActiveCardFactory.create(world.distributor)
    db.session.commit()
    record(venue_api, card, children=1, event_id=yesterday.id)
    page = login_as("venue").get("/scan/events", headers={"Accept-Language": "en"}).get_data(as_text=True)
    earlier = page[page.index("Earlier events"):page.index("New event")]
    assert earlier.index("Yesterday concert") < earlier.index("Last week play")
    assert "2/3 used" in earlier and "0/4 used" in earlier
    assert "Long ago" not in page and "Elsewhere" not in page


def test_an_event_without_uses_is_deleted_after_a_confirmation(world, login_as):
    event = factories.event(world.venue)
    db.session.commit()
    event_id = event.id
    client = login_as("venue")
    listing = client.get("/scan/events", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"/scan/events/{event_id}/delete" in listing
    confirm = client.get(f"/scan/events/{event_id}/delete", headers={"Accept-Language": "en"})
    assert confirm.status_code == 200 and "Delete the event" in confirm.get_data(as_text=True)
    assert db.session.get(Event, event_id) is not None
    assert client.post(f"/scan/events/{event_id}/delete", data={}).status_code == 400  # no CSRF token
    response = client.post(f"/scan/events/{event_id}/delete",
                           data={"csrf_token": csrf_from(confirm.get_data(as_text=True))},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event_id) is None
    after = client.get(response.headers["Location"], headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Event deleted: Concert." in after


def test_an_event_with_uses_even_undone_ones_is_kept_and_the_page_says_why(world, login_as, venue_api):
    event = factories.event(world.venue)
    other = factories.event(world.other_venue)
    db.session.commit()
    use_id = record(venue_api, factories.ActiveCardFactory.create(world.distributor), event_id=event.id)
    assert venue_api.post(f"/api/v1/uses/{use_id}/undo").status_code == 200
    client = login_as("venue")
    listing = client.get("/scan/events").get_data(as_text=True)
    assert f"/scan/events/{event.id}/delete" not in listing
    token = csrf_from(listing)
    response = client.post(f"/scan/events/{event.id}/delete", data={"csrf_token": token},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 409
    assert "This event has recorded uses, so it cannot be deleted." in response.get_data(as_text=True)
    assert client.post(f"/scan/events/{other.id}/delete", data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Event, event.id) is not None and db.session.get(Event, other.id) is not None


def test_the_api_deletes_an_unused_event_and_refuses_one_with_uses(world, venue_api, client):
    unused, used = factories.event(world.venue), factories.event(world.venue)
    other = factories.event(world.other_venue)
    db.session.commit()
    record(venue_api, factories.ActiveCardFactory.create(world.distributor), event_id=used.id)
    headers = venue_api.headers
    assert client.delete(f"/api/v1/events/{unused.id}", headers=headers).status_code == 204
    refused = client.delete(f"/api/v1/events/{used.id}", headers=headers)
    assert refused.status_code == 409 and refused.get_json()["error"] == "event_has_uses"
    assert client.delete(f"/api/v1/events/{other.id}", headers=headers).status_code == 403


def test_an_event_created_in_the_past_is_allowed_and_says_so(world, login_as):
    client = login_as("venue")
    page = client.get("/scan/events").get_data(as_text=True)
    yesterday = (helsinki_date(utcnow()) - timedelta(days=1)).isoformat()
    data = {"csrf_token": csrf_from(page), "name": "Late entry", "starts_at": f"{yesterday}T19:00",
            "capacity": "100", "quota": ""}
    response = client.post("/scan/events", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 302
    listing = client.get(response.headers["Location"], headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This event started in the past." in listing
    assert "The ticket desk offers only today&#39;s events" in listing
    earlier = listing[listing.index("Earlier events"):listing.index("New event")]
    assert "Late entry" in earlier and "Added after it started" in earlier
    future = {**data, "name": "Next year", "starts_at": "2099-05-04T19:00"}
    later = client.post("/scan/events", data=future, headers={"Accept-Language": "en"}, follow_redirects=True)
    assert "This event started in the past." not in later.get_data(as_text=True)
