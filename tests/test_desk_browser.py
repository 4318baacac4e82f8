"""The ticket desk in Chromium: a card in front of the (fake) camera gets the server's verdict.

Linux Chromium has no native BarcodeDetector, so these exercise the WebAssembly decoder, which
must load from this app: any request that leaves the test server is refused and reported.
"""
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from PIL import Image
from sqlalchemy import select

from app.extensions import db
from app.models import Organisation, Use
from tests import factories
from tests.browser.card_images import FRAME, code39_side, qr_side, write_y4m
from tests.browser.desk_browser import chromium_with_camera, open_desk
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
VERDICT_TIMEOUT_MS = 15_000
EMAIL = "desk@example.fi"
WASM = Path(__file__).resolve().parent.parent / "static/js/vendor/zxing_reader.wasm"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert WASM.exists(), "The decoder is not vendored: run `make vendor` (scripts/vendor-js.sh) first."
    with LiveServer(tmp_path_factory.mktemp("desk-server")) as live:
        with live.app.app_context():
            factories.area()
            venue = factories.organisation("venue", name="Teatteri", municipality="186")
            factories.organisation("distributor", name="Sosiaalityö")
            factories.user("venue", org=venue, email=EMAIL)
            db.session.commit()
        yield live


@pytest.fixture(scope="module")
def playwright():
    with sync_playwright() as driver:
        yield driver


def make_card(server, factory=factories.ActiveCardFactory) -> str:
    with server.app.app_context():
        distributor = db.session.scalars(select(Organisation).filter_by(kind="distributor")).one()
        card_id = factory.create(distributor).id
        db.session.commit()
        return card_id


def verdict(desk):
    return desk.page.locator("#verdict [data-status]")


def assert_clean(desk):
    assert desk.outside_requests == []
    assert desk.csp_violations() == []
    assert desk.page.locator("#scanner").get_attribute("data-decoder") == "wasm"


def test_qr_side_of_a_registered_card_is_valid_and_one_tap_records(playwright, server, tmp_path):
    card_id = make_card(server)
    picture = qr_side(f"{server.app.config['PUBLIC_BASE_URL']}/c/{card_id}")
    with chromium_with_camera(playwright, write_y4m(picture, tmp_path / "qr.y4m")) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
        expect(verdict(desk)).to_have_attribute("data-reason", "valid")
        expect(desk.page.locator("#verdict")).to_contain_text(card_id)
        desk.page.click("#record")
        expect(desk.page.locator(f"#uses-list [data-card='{card_id}']")).to_be_visible()
        assert_clean(desk)
    with server.app.app_context():
        uses = db.session.scalars(select(Use).where(Use.card_id == card_id)).all()
        assert [(use.source, use.adults, use.children) for use in uses] == [("camera_qr", 1, 0)]


def test_code39_side_is_valid(playwright, server, tmp_path):
    card_id = make_card(server)
    with chromium_with_camera(playwright, write_y4m(code39_side(card_id), tmp_path / "code39.y4m")) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
        expect(desk.page.locator("#verdict")).to_contain_text(card_id)
        assert_clean(desk)


def test_an_expired_card_is_refused(playwright, server, tmp_path):
    card_id = make_card(server, factories.ExpiredCardFactory)
    picture = qr_side(f"{server.app.config['PUBLIC_BASE_URL']}/c/{card_id}")
    with chromium_with_camera(playwright, write_y4m(picture, tmp_path / "expired.y4m")) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        expect(verdict(desk)).to_have_attribute("data-status", "error", timeout=VERDICT_TIMEOUT_MS)
        expect(verdict(desk)).to_have_attribute("data-reason", "expired")
        expect(desk.page.locator("#record-form")).to_be_hidden()
        assert_clean(desk)


def misread(card_id: str) -> str:
    return card_id[:-1] + ("0" if card_id[-1] != "0" else "1")


def frozen_clock(desk) -> None:
    """The page's clock stands still unless the test moves it: key timing no longer depends on how
    busy the machine is. Keys typed with no clock movement between them arrive as a scanner's do."""
    desk.page.clock.install()
    desk.page.reload()
    desk.page.clock.pause_at(datetime.now() + timedelta(seconds=1))


def type_as_person(desk, text: str) -> None:
    for key in text:
        desk.page.keyboard.type(key)
        desk.page.clock.run_for(150)
    desk.page.keyboard.press("Enter")


def test_a_keyboard_scanner_typing_the_id_gets_a_verdict_a_repeat_needs_confirming_and_a_misread_a_hint(
        playwright, server, tmp_path):
    card_id = make_card(server)
    blank = Image.new("RGB", FRAME, "white")
    with chromium_with_camera(playwright, write_y4m(blank, tmp_path / "blank.y4m")) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        frozen_clock(desk)
        checks = []
        desk.page.on("request", lambda request: "/api/v1/cards/" in request.url and checks.append(request.url))
        desk.page.focus("#card-input")
        desk.page.keyboard.type(misread(card_id) + "\n")
        expect(desk.page.locator("#card-input-error")).to_be_visible()
        desk.page.fill("#card-input", "")
        desk.page.keyboard.type(card_id.replace("-", "").lower() + "\n")
        expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
        expect(desk.page.locator("#card-input-error")).to_be_hidden()
        assert len(checks) == 1
        desk.page.click("#record")
        expect(desk.page.locator(f"#uses-list [data-card='{card_id}']")).to_be_visible()

        desk.page.focus("#card-input")
        desk.page.keyboard.type(card_id + "\n")
        expect(verdict(desk)).to_have_attribute("data-reason", "already_used_today", timeout=VERDICT_TIMEOUT_MS)
        desk.page.click("#record")
        expect(desk.page.locator("#confirm-warning")).to_be_focused()
        desk.page.check("#confirm-warning")
        desk.page.click("#record")
        expect(desk.page.locator(f"#uses-list [data-card='{card_id}']")).to_have_count(2)
        assert_clean(desk)
    with server.app.app_context():
        uses = db.session.scalars(select(Use).where(Use.card_id == card_id).order_by(Use.id)).all()
        assert [(use.source, use.warning) for use in uses] == [("keyboard_scanner", None),
                                                              ("keyboard_scanner", "already_used_today")]


def test_a_person_typing_the_id_is_recorded_as_typed_by_hand(playwright, server, tmp_path):
    card_id = make_card(server)
    blank = Image.new("RGB", FRAME, "white")
    with chromium_with_camera(playwright, write_y4m(blank, tmp_path / "blank.y4m")) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        frozen_clock(desk)
        desk.page.focus("#card-input")
        type_as_person(desk, card_id)
        expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
        desk.page.click("#record")
        expect(desk.page.locator(f"#uses-list [data-card='{card_id}']")).to_be_visible()
        assert_clean(desk)
    with server.app.app_context():
        assert db.session.scalars(select(Use.source).where(Use.card_id == card_id)).all() == ["manual"]


def test_a_photo_goes_to_the_server_decoder_and_the_verdict_follows_or_none_is_found(playwright, server, tmp_path):
    card_id = make_card(server, factories.ExpiredCardFactory)
    photo = tmp_path / "card.png"
    qr_side(f"{server.app.config['PUBLIC_BASE_URL']}/c/{card_id}").save(photo)
    blank = Image.new("RGB", FRAME, "white")
    with chromium_with_camera(playwright, write_y4m(blank, tmp_path / "blank.y4m")) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        desk.page.set_input_files("#photo", photo)
        expect(verdict(desk)).to_have_attribute("data-reason", "expired", timeout=VERDICT_TIMEOUT_MS)
        blank.save(tmp_path / "blank.png")
        desk.page.set_input_files("#photo", tmp_path / "blank.png")
        none_found = desk.page.evaluate("JSON.parse(document.querySelector('#desk-strings').textContent).photo_none")
        expect(desk.page.locator("#camera-status")).to_have_text(none_found)
        assert desk.csp_violations() == [] and desk.outside_requests == []


def test_a_use_for_the_chosen_event_is_recorded_with_it(playwright, server, tmp_path):
    """The API takes event ids as numbers only; the desk sends the chosen event as one."""
    from app.models.base import utcnow

    card_id = make_card(server)
    with server.app.app_context():
        venue = db.session.scalars(select(Organisation).filter_by(kind="venue")).one()
        event = factories.event(venue, capacity=100, quota=10)
        event.starts_at = utcnow()
        db.session.commit()
        event_id = event.id
    blank = write_y4m(Image.new("RGB", FRAME, "white"), tmp_path / "blank.y4m")
    with chromium_with_camera(playwright, blank) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        expect(desk.page.locator(f"#event option[value='{event_id}']")).to_have_count(1)
        desk.page.fill("#card-input", card_id)
        desk.page.press("#card-input", "Enter")
        expect(verdict(desk)).to_have_attribute("data-status", "ok", timeout=VERDICT_TIMEOUT_MS)
        desk.page.select_option("#event", str(event_id))
        expect(desk.page.locator("#verdict")).to_contain_text("0/10", timeout=VERDICT_TIMEOUT_MS)
        desk.page.click("#record")
        expect(desk.page.locator(f"#uses-list [data-card='{card_id}']")).to_be_visible()
        assert_clean(desk)
    with server.app.app_context():
        uses = db.session.scalars(select(Use).where(Use.card_id == card_id)).all()
        assert [use.event_id for use in uses] == [event_id]
