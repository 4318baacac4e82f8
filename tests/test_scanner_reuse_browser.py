"""The desk's camera component on two more pages: registration fills the card number from the
camera, and the front page's Scan opens the card's public page. Linux Chromium has no native
BarcodeDetector, so both read with the WebAssembly decoder served by this app."""
import pytest
from playwright.sync_api import expect, sync_playwright

from app.extensions import db
from app.models import Card, Organisation
from tests import factories
from tests.browser.card_images import qr_side, write_y4m
from tests.browser.desk_browser import chromium_with_camera, open_page, open_signed_in
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
READ_TIMEOUT_MS = 15_000
EMAIL = "jakaja@example.fi"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("scanner-server")) as live:
        with live.app.app_context():
            factories.area()
            distributor = factories.organisation("distributor", name="Sosiaalityö")
            factories.user("distributor", org=distributor, email=EMAIL)
            db.session.commit()
        yield live


@pytest.fixture(scope="module")
def playwright():
    with sync_playwright() as driver:
        yield driver


def distributor() -> Organisation:
    return db.session.query(Organisation).filter_by(kind="distributor").one()


def qr_video(server, card_id, tmp_path):
    picture = qr_side(f"{server.app.config['PUBLIC_BASE_URL']}/c/{card_id}")
    return write_y4m(picture, tmp_path / "card.y4m")


def test_registration_scans_the_card_number_with_the_camera_and_registers(playwright, server, tmp_path):
    with server.app.app_context():
        card_id = factories.stock_card(site=distributor()).id
        db.session.commit()
    with chromium_with_camera(playwright, qr_video(server, card_id, tmp_path)) as browser:
        desk = open_signed_in(browser, server.url, EMAIL, factories.PASSWORD, "/issue/register")
        page = desk.page
        expect(page.locator("#card-scanner-slot")).to_be_visible()
        page.click("[data-scan-start]")
        expect(page.locator("#card")).to_have_value(card_id, timeout=READ_TIMEOUT_MS)
        expect(page.locator("#card-scanner-slot video")).to_be_hidden()
        assert page.locator("#card-scanner-slot").get_attribute("data-decoder") == "wasm"
        page.fill("#birth_year", "1985")
        page.fill("#postcode", "04300")
        page.select_option("#gender", "woman")
        page.select_option("#life_situation", "student")
        page.click("form[data-register-form] button[type=submit]")
        page.wait_for_url(f"{server.url}/issue/cards/{card_id}/registered")
        assert desk.outside_requests == [] and desk.csp_violations() == []
    with server.app.app_context():
        assert db.session.get(Card, card_id).state == "active"


def test_the_front_page_scan_opens_the_cards_public_page(playwright, server, tmp_path):
    with server.app.app_context():
        card_id = factories.ActiveCardFactory.create(distributor()).id
        db.session.commit()
    with chromium_with_camera(playwright, qr_video(server, card_id, tmp_path)) as browser:
        visitor = open_page(browser, server.url, "/")
        visitor.page.click("#card-check [data-scan-start]")
        visitor.page.wait_for_url(f"{server.url}/c/{card_id}", timeout=READ_TIMEOUT_MS)
        expect(visitor.page.locator("[data-state]")).to_have_attribute("data-state", "valid")
        assert visitor.outside_requests == [] and visitor.csp_violations() == []
