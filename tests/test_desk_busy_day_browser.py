"""The ticket desk on a busy day, in Chromium: the session's event is the staff's choice and a full
event does not stop the desk; a site that cannot record says so as the site's problem; nothing of the
previous card lingers; an undo, a count above the card's and a recorded use each leave the desk right.

Cards are typed into the card field with the page clock frozen (see test_desk_browser.frozen_clock).
"""
import re

import pytest
from PIL import Image
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from app.cards import ids
from app.extensions import db
from app.models import Organisation, Use
from app.models.base import utcnow
from tests import factories
from tests.browser.card_images import FRAME, write_y4m
from tests.browser.desk_browser import chromium_with_camera, open_desk
from tests.browser.live_server import LiveServer
from tests.test_desk_browser import VERDICT_TIMEOUT_MS, frozen_clock, make_card, misread, verdict

pytestmark = pytest.mark.browser
EMAIL = "kassa@example.fi"
NOT_APPROVED_EMAIL = "uusi-kohde@example.fi"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("busy-desk-server")) as live:
        with live.app.app_context():
            factories.area()
            venue = factories.organisation("venue", name="Teatteri", municipality="186")
            waiting = factories.organisation("venue", name="Uusi kohde", municipality="186", approved=False)
            factories.organisation("distributor", name="Sosiaalityö")
            factories.user("venue", org=venue, email=EMAIL)
            factories.user("venue", org=waiting, email=NOT_APPROVED_EMAIL)
            db.session.commit()
        yield live


@pytest.fixture(scope="module")
def playwright():
    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def browser(playwright, tmp_path):
    with chromium_with_camera(playwright, write_y4m(Image.new("RGB", FRAME, "white"), tmp_path / "blank.y4m")) as chromium:
        yield chromium


def todays_event(server, *, quota: int, name: str) -> int:
    with server.app.app_context():
        venue = db.session.scalars(select(Organisation).filter_by(name="Teatteri")).one()
        event = factories.event(venue, capacity=30, quota=quota)
        event.name, event.starts_at = name, utcnow()
        db.session.commit()
        return event.id


def uses_of(server, card_id: str) -> list[Use]:
    with server.app.app_context():
        return db.session.scalars(select(Use).where(Use.card_id == card_id).order_by(Use.id)).all()


def desk_strings(desk) -> dict:
    return desk.page.evaluate("JSON.parse(document.querySelector('#desk-strings').textContent)")


def type_card(desk, text: str) -> None:
    desk.page.focus("#card-input")
    desk.page.keyboard.type(text + "\n")


def clean(desk) -> bool:
    return desk.outside_requests == [] and desk.csp_violations() == []


def test_a_full_event_chosen_for_the_session_leaves_the_desk_working(server, browser):
    first, second = make_card(server), make_card(server)
    event_id = todays_event(server, quota=1, name="Pieni konsertti")
    desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
    frozen_clock(desk)
    page, strings = desk.page, desk_strings(desk)
    session_event = page.locator("#event")
    expect(session_event.locator(f"option[value='{event_id}']")).to_have_count(1)
    expect(session_event).to_have_value("")  # the desk never picks an event by itself
    session_event.select_option(str(event_id))

    type_card(desk, first)
    expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
    expect(page.locator("#record-event")).to_contain_text("Pieni konsertti")
    page.click("#record")
    expect(page.locator(f"#uses-list [data-card='{first}']")).to_be_visible()

    type_card(desk, second)
    expect(verdict(desk)).to_have_attribute("data-reason", "quota_full", timeout=VERDICT_TIMEOUT_MS)
    expect(verdict(desk)).to_have_attribute("data-status", "error")
    expect(verdict(desk).locator(".verdict-title")).to_have_text(strings["title_quota_full"])
    expect(verdict(desk)).not_to_contain_text(strings["title_error"])
    expect(session_event).to_be_visible()
    expect(session_event).to_be_enabled()
    page.click("#record-without-event")
    expect(page.locator(f"#uses-list [data-card='{second}']")).to_be_visible(timeout=VERDICT_TIMEOUT_MS)
    expect(page.locator("#camera-status")).to_have_text(strings["recorded"])

    page.reload()
    expect(page.locator("#event")).to_have_value(str(event_id))
    assert clean(desk)
    assert [use.event_id for use in uses_of(server, first)] == [event_id]
    assert [use.event_id for use in uses_of(server, second)] == [None]


def test_a_site_that_cannot_record_says_it_is_the_sites_problem_not_the_cards(server, browser):
    card_id = make_card(server)
    desk = open_desk(browser, server.url, NOT_APPROVED_EMAIL, factories.PASSWORD)
    frozen_clock(desk)
    strings = desk_strings(desk)
    type_card(desk, card_id)
    panel = verdict(desk)
    expect(panel).to_have_attribute("data-reason", "organisation_not_active", timeout=VERDICT_TIMEOUT_MS)
    expect(panel).to_have_attribute("data-status", "error")
    expect(panel).to_have_attribute("data-site-problem", "not_approved")
    expect(panel).to_have_class(re.compile(r"\bverdict-site\b"))
    expect(panel.locator(".verdict-title")).to_have_text(strings["title_site"])
    expect(panel.locator(".verdict-icon")).to_have_text("⚠")
    expect(panel.locator(".verdict-message")).not_to_be_empty()
    expect(panel).not_to_contain_text(strings["title_error"])
    assert clean(desk)
    assert uses_of(server, card_id) == []


def test_a_new_number_clears_the_previous_verdict_at_once_and_its_error_shows_beside_the_field(server, browser):
    first, second = make_card(server), make_card(server)
    unknown = ids.generate()
    desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
    frozen_clock(desk)
    page, strings = desk.page, desk_strings(desk)
    type_card(desk, first)
    expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)

    held = []
    page.route("**/api/v1/cards/**", lambda route: held.append(route))
    type_card(desk, second)
    expect(verdict(desk)).to_have_count(0)  # the server has not answered yet
    expect(page.locator("#record-form")).to_be_hidden()
    for _ in range(200):
        if held:
            break
        page.evaluate("0")
    held[0].continue_()
    page.unroute("**/api/v1/cards/**")
    expect(page.locator("#verdict")).to_contain_text(second, timeout=VERDICT_TIMEOUT_MS)

    type_card(desk, misread(second))
    expect(verdict(desk)).to_have_count(0)
    expect(page.locator("#card-input-error")).to_have_text(strings["check_number"])
    expect(page.locator("#card-input")).to_have_attribute("aria-invalid", "true")

    page.fill("#card-input", "")
    type_card(desk, unknown)
    error = page.locator("#card-input-error")
    expect(error).to_be_visible(timeout=VERDICT_TIMEOUT_MS)
    expect(error).not_to_be_empty()
    expect(verdict(desk)).to_have_count(0)
    expect(page.locator("#card-input")).to_have_value(unknown)

    type_card(desk, first)  # the typed number was selected: the next one replaces it
    expect(page.locator("#verdict")).to_contain_text(first, timeout=VERDICT_TIMEOUT_MS)
    expect(error).to_be_hidden()
    assert clean(desk)


def test_after_undoing_the_first_use_the_repeat_warning_turns_back_into_valid(server, browser):
    card_id = make_card(server)
    desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
    frozen_clock(desk)
    page = desk.page
    type_card(desk, card_id)
    expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
    page.click("#record")
    expect(page.locator(f"#uses-list [data-card='{card_id}']")).to_be_visible()

    type_card(desk, card_id)
    expect(verdict(desk)).to_have_attribute("data-reason", "already_used_today", timeout=VERDICT_TIMEOUT_MS)
    page.locator(f"#uses-list [data-card='{card_id}'] button").click()
    page.click("#undo-dialog button[value='confirm']")
    expect(verdict(desk)).to_have_attribute("data-reason", "valid", timeout=VERDICT_TIMEOUT_MS)
    expect(verdict(desk)).to_have_attribute("data-status", "ok")
    expect(page.locator("#confirm-box")).to_be_hidden()
    page.click("#record")
    expect(page.locator(f"#uses-list [data-card='{card_id}']:not(.use-undone)")).to_be_visible()
    assert clean(desk)
    assert [(use.undone_at is None, use.warning) for use in uses_of(server, card_id)] == [(False, None), (True, None)]


def test_more_children_than_the_card_allows_are_refused_beside_the_field_and_nothing_is_recorded(server, browser):
    card_id = make_card(server)  # two children allowed
    desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
    frozen_clock(desk)
    page, strings = desk.page, desk_strings(desk)
    type_card(desk, card_id)
    expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
    page.fill("#children", "3")
    error = page.locator("#children-error")
    expect(error).to_have_text(strings["children_exceeded"].replace("{count}", "2"))
    page.click("#record")
    expect(page.locator("#children")).to_be_focused()
    expect(page.locator("#children")).to_have_value("3")
    expect(page.locator(f"#uses-list [data-card='{card_id}']")).to_have_count(0)
    assert uses_of(server, card_id) == []

    page.fill("#children", "2")
    expect(error).to_be_hidden()
    page.click("#record")
    expect(page.locator(f"#uses-list [data-card='{card_id}']")).to_be_visible()
    assert clean(desk)
    assert [use.children for use in uses_of(server, card_id)] == [2]


def test_when_the_server_refuses_the_children_its_message_is_said_beside_the_field(server, browser):
    """As when the registration changed between the check and the tap: the server stays the judge."""
    card_id = make_card(server)  # two children allowed
    desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
    frozen_clock(desk)
    page, strings = desk.page, desk_strings(desk)

    def older_check(route):
        answer = route.fetch().json()
        route.fulfill(json={**answer, "card": {**answer["card"], "children_allowed": 5}})

    page.route("**/api/v1/cards/**", older_check)
    type_card(desk, card_id)
    expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
    page.fill("#children", "3")
    expect(page.locator("#children-error")).to_be_hidden()
    page.click("#record")
    expect(verdict(desk)).to_have_attribute("data-reason", "children_exceeded", timeout=VERDICT_TIMEOUT_MS)
    expect(verdict(desk).locator(".verdict-title")).to_have_text(strings["title_count"])
    message = verdict(desk).locator(".verdict-message").inner_text()
    expect(page.locator("#children-error")).to_have_text(message)
    expect(page.locator("#record-form")).to_be_visible()
    expect(page.locator("#camera-status")).not_to_have_text(strings["recorded"])
    assert clean(desk)
    assert uses_of(server, card_id) == []


def test_after_recording_the_card_field_has_focus_and_no_event_is_attached_unless_chosen(server, browser):
    todays_event(server, quota=10, name="Iltanäytös")
    card_id = make_card(server)
    desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
    frozen_clock(desk)
    page = desk.page
    expect(page.locator("#event option")).not_to_have_count(1)  # today's events are offered...
    expect(page.locator("#event")).to_have_value("")  # ...and none is chosen for the staff
    type_card(desk, card_id)
    expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
    expect(page.locator("#record-event")).to_be_hidden()
    page.click("#record")
    expect(page.locator(f"#uses-list [data-card='{card_id}']")).to_be_visible()
    expect(page.locator("#card-input")).to_be_focused()
    assert clean(desk)
    assert [use.event_id for use in uses_of(server, card_id)] == [None]
