"""The desk without a connection: uses are recorded unchecked into a queue on the device, survive a
reload, and are sent when the connection returns; each then shows the server's real verdict, a
refused one clearly marked."""
import pytest
from PIL import Image
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from app.extensions import db
from app.models import Use
from tests import factories
from tests.browser.card_images import FRAME, write_y4m
from tests.browser.desk_browser import chromium_with_camera, open_desk
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
SYNC_TIMEOUT_MS = 15_000
EMAIL = "ovi@example.fi"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("offline-server")) as live:
        with live.app.app_context():
            factories.area()
            venue = factories.organisation("venue", name="Teatteri", municipality="186")
            distributor = factories.organisation("distributor", name="Sosiaalityö")
            factories.user("venue", org=venue, email=EMAIL)
            live.cards = {"valid": factories.ActiveCardFactory.create(distributor).id,
                          "expired": factories.ExpiredCardFactory.create(distributor).id}
            db.session.commit()
        yield live


def record_unchecked(page, card_id):
    page.fill("#card-input", card_id)
    page.press("#card-input", "Enter")
    expect(page.locator("#verdict [data-status]")).to_have_attribute("data-reason", "offline")
    page.click("#record")
    expect(page.locator(f"#uses-list [data-card='{card_id}'][data-status='queued']")).to_be_visible()


def test_uses_recorded_offline_are_kept_and_sent_with_their_real_verdicts(server, tmp_path):
    valid, expired = server.cards["valid"], server.cards["expired"]
    with sync_playwright() as playwright, chromium_with_camera(
            playwright, write_y4m(Image.new("RGB", FRAME, "white"), tmp_path / "blank.y4m")) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        page = desk.page
        expect(page.locator("#uses-list li")).to_have_count(1)  # the desk has loaded: "no uses yet"
        page.context.set_offline(True)

        record_unchecked(page, valid)
        expect(page.locator("#queue-status")).to_be_visible()
        expect(page.locator("#queue-status")).to_contain_text("1")
        record_unchecked(page, expired)

        # Back online but the batch call still failing: the reloaded page has both uses from IndexedDB.
        page.route("**/api/v1/uses/batch", lambda route: route.abort("internetdisconnected"))
        page.context.set_offline(False)
        page.reload()
        expect(page.locator("#queue-status")).to_contain_text("2")
        expect(page.locator("#uses-list [data-status='queued']")).to_have_count(2)

        page.unroute("**/api/v1/uses/batch")
        page.context.set_offline(True)
        page.context.set_offline(False)
        expect(page.locator(f"#uses-list [data-card='{valid}'][data-status='ok']")).to_be_visible(timeout=SYNC_TIMEOUT_MS)
        refused = page.locator(f"#uses-list [data-card='{expired}'][data-status='error']")
        expect(refused).to_have_attribute("data-reason", "expired")
        expect(page.locator("#queue-status")).to_be_hidden()
        assert desk.outside_requests == [] and desk.csp_violations() == []
    with server.app.app_context():
        uses = db.session.scalars(select(Use).where(Use.card_id.in_([valid, expired]))).all()
        assert [(use.card_id, use.source) for use in uses] == [(valid, "offline_sync")]



QUEUE_OLD_USE = """async ([card, scannedAt]) => {
  const db = await new Promise((resolve, reject) => {
    const opening = indexedDB.open("kaikukanta-desk", 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("queued-uses", { keyPath: "client_scan_id" });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  const id = crypto.randomUUID();
  const use = { card, client_scan_id: id, scanned_at: scannedAt, source: "offline_sync", adults: 1, children: 0,
    assistants: 0, category: "culture", event_id: null };
  await new Promise((resolve, reject) => {
    const request = db.transaction("queued-uses", "readwrite").objectStore("queued-uses")
      .add({ client_scan_id: id, site: "", use, state: "waiting" });
    request.onsuccess = resolve;
    request.onerror = () => reject(request.error);
  });
}"""


def test_a_use_queued_too_long_shows_why_it_was_not_recorded(server, tmp_path):
    """A device that stayed offline for more than three days: the server keeps the scan as refused
    (too_old) and the desk says so, with the date, until the staff dismiss it."""
    from datetime import timedelta

    from app.models import RefusedScan
    from app.models.base import utcnow

    valid = server.cards["valid"]
    scanned_at = (utcnow() - timedelta(hours=100)).isoformat() + "Z"
    with sync_playwright() as playwright, chromium_with_camera(
            playwright, write_y4m(Image.new("RGB", FRAME, "white"), tmp_path / "blank.y4m")) as browser:
        desk = open_desk(browser, server.url, EMAIL, factories.PASSWORD)
        page = desk.page
        expect(page.locator("#uses-list li").first).to_be_visible()
        page.route("**/api/v1/uses/batch", lambda route: route.abort("internetdisconnected"))
        page.evaluate(QUEUE_OLD_USE, [valid, scanned_at])
        page.unroute("**/api/v1/uses/batch")
        page.reload()
        refused = page.locator(f"#uses-list [data-card='{valid}'][data-reason='too_old']")
        expect(refused).to_be_visible(timeout=SYNC_TIMEOUT_MS)
        expect(refused).to_have_attribute("data-status", "error")
        expect(refused.locator(".use-refusal")).not_to_be_empty()
        expect(page.locator("#queue-status")).to_be_hidden()
        refused.get_by_role("button").click()
        expect(refused).to_have_count(0)
        assert desk.outside_requests == [] and desk.csp_violations() == []
    with server.app.app_context():
        kept = db.session.scalars(select(RefusedScan).where(RefusedScan.reason == "too_old")).all()
        assert [scan.raw_code for scan in kept] == [valid]
