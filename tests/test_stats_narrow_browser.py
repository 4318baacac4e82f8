"""The dashboards on a 360 px phone, for every role: nothing wider than the screen, whatever scrolls
can be scrolled with the keyboard (axe `scrollable-region-focusable`), no CSP violation (the
charts are SVG with no inline style), and the charts are drawn. Demo data plus a year of uses,
with a long venue name."""
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from app.cli.demo import PASSWORD, load_demo
from app.extensions import db
from app.models import Area, Card, Organisation, Use
from app.models.base import utcnow
from app.network.organisations import create_organisation
from tests.browser.desk_browser import ARGS, CHROMIUM, open_signed_in
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
WIDTH = 360
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULE = "scrollable-region-focusable"
LOGINS = ("admin@demo.kaikukortti.fi", "koordinaattori@demo.kaikukortti.fi", "jakaja@demo.kaikukortti.fi",
          "kohde@demo.kaikukortti.fi")
LONG_NAME = "Keski-Uudenmaan kulttuuritalon ja kaupunginkirjaston yhteinen monitoimisali Aurora"


def build_world() -> int:
    load_demo()
    long_venue = create_organisation(kind="venue", name=LONG_NAME, municipality_code="858")
    venues = [*db.session.scalars(select(Organisation).where(Organisation.kind == "venue")), long_venue]
    cards = db.session.scalars(select(Card).where(Card.state == "active")).all()
    now = utcnow()
    for n in range(60):
        db.session.add(Use(client_scan_id=f"narrow-{n}", card_id=cards[n % len(cards)].id,
                           venue_id=venues[n % len(venues)].id, scanned_at=now - timedelta(days=n * 5, hours=1),
                           category=("culture", "sports", "science", "education")[n % 4], adults=1,
                           children=n % 3, source="manual"))
    db.session.commit()
    return db.session.scalars(select(Area)).first().id


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("stats-server")) as live:
        with live.app.app_context():
            live.area_id = build_world()
        yield live


def problems(watched) -> list[str]:
    page = watched.page
    found = []
    if (width := page.evaluate("document.documentElement.scrollWidth")) > WIDTH:
        found.append(f"{width} px wide")
    result = page.evaluate("rule => axe.run(document, {runOnly: {type: 'rule', values: [rule]}})", AXE_RULE)
    found += [f"{AXE_RULE}: {node['html'][:80]}" for violation in result["violations"] for node in violation["nodes"]]
    found += watched.csp_violations()
    return found


def test_every_dashboard_fits_a_360_px_phone(server, tmp_path):
    assert AXE.exists(), "axe-core is missing: run `make vendor`"
    year = datetime.now().year
    failures, charts = [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for email in LOGINS:
                watched = open_signed_in(browser, server.url, email, PASSWORD, "/stats")
                watched.page.context.add_init_script(path=AXE)
                paths = ["/stats", "/stats?from=2000-01-01&to=2000-01-02"]
                if email.startswith(("admin", "koordinaattori")):
                    paths += [f"/stats/feedback?area={server.area_id}&year={year}", "/stats/feedback"]
                for path in paths:
                    watched.page.goto(server.url + path)
                    charts[(email, path)] = watched.page.locator("svg.chart[role=img]").count()
                    failures += [f"{email} {path}: {problem}" for problem in problems(watched)]
                watched.page.goto(server.url + "/stats")
                watched.page.screenshot(path=str(tmp_path / f"{email.split('@')[0]}.png"), full_page=True)
                assert watched.outside_requests == []
            pages = printed_pages(browser, server, year)
        finally:
            browser.close()
    assert failures == [], "dashboards that do not fit a phone:\n" + "\n".join(failures)
    drawn = {email: charts[(email, "/stats")] for email in LOGINS}
    assert min(drawn.values()) >= 2, drawn
    assert pages == 1, "the feedback meeting's view should print on one A4 landscape page"


def printed_pages(browser, server, year: int) -> int:
    """The feedback meeting's view printed as the browser prints it (the print stylesheet, A4 landscape)."""
    watched = open_signed_in(browser, server.url, LOGINS[0], PASSWORD, "/stats")
    watched.page.set_viewport_size({"width": 1280, "height": 800})
    watched.page.goto(f"{server.url}/stats/feedback?area={server.area_id}&year={year}")
    pdf = watched.page.pdf(prefer_css_page_size=True)
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
