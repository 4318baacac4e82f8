"""The desk page itself opens without the server, from the service worker's store."""
import pytest
from playwright.sync_api import expect, sync_playwright

from app.extensions import db
from tests import factories
from tests.browser.desk_browser import ARGS, CHROMIUM
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
EMAIL = "kassa@example.fi"
WORKER_READY = "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
STORED_DESK = """caches.keys().then(async (names) => {
  for (const name of names) {
    if ((await (await caches.open(name)).keys()).some((r) => new URL(r.url).pathname === '/scan')) return true;
  }
  return false;
})"""


def test_a_signed_in_desk_opens_while_the_server_is_down(tmp_path):
    with LiveServer(tmp_path) as live:
        with live.app.app_context():
            factories.area()
            factories.user("venue", org=factories.organisation("venue", municipality="186"), email=EMAIL)
            db.session.commit()
        # No request routing here: Playwright's routing takes requests away from service workers.
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_context(locale="fi-FI", viewport={"width": 360, "height": 740}).new_page()
            page.goto(f"{live.url}/login?next=/scan")
            page.fill("input[name=email]", EMAIL)
            page.fill("input[name=password]", factories.PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(f"{live.url}/scan")
            page.wait_for_function(WORKER_READY)
            page.wait_for_function(STORED_DESK)

            live.server.shutdown()
            live.server.server_close()  # connections are now refused, as with a server that is down

            page.goto(f"{live.url}/scan")
            expect(page.locator("#card-input")).to_be_visible()
            browser.close()
