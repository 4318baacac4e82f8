"""The public statistics page on a 360 px phone, in every language: nothing wider than the screen,
no axe WCAG 2.1 A/AA violation, no CSP error."""
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from app.cli.demo import load_demo
from tests.browser.desk_browser import ARGS, CHROMIUM, open_page
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("public-stats")) as live:
        with live.app.app_context():
            load_demo()
        yield live


def test_the_public_statistics_page_fits_a_phone_and_passes_axe(server):
    assert AXE.exists(), "axe-core is missing: run `make vendor`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            failures = []
            for lang in ("fi", "sv", "en"):
                watched = open_page(browser, server.url, "/")
                page = watched.page
                page.context.add_init_script(path=AXE)
                page.click(f"button[name=lang][value={lang}]")
                page.goto(server.url + "/public/stats")
                assert page.locator("html").get_attribute("lang") == lang
                assert page.locator("table[data-counties] tbody tr").count() >= 20
                if (width := page.evaluate("document.documentElement.scrollWidth")) > 360:
                    failures.append(f"{lang}: {width} px wide")
                result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
                failures += [f"{lang}: {v['id']}: {node['html'][:80]}" for v in result["violations"] for node in v["nodes"]]
                failures += [f"{lang}: {text}" for text in watched.csp_violations()]
                assert watched.outside_requests == []
                page.context.close()
        finally:
            browser.close()
    assert failures == [], "\n".join(failures)
