"""Chromium (Debian's) driven by Playwright, with a card in front of its fake camera."""
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream"]


@dataclass
class WatchedPage:
    """A page with its console errors and the requests that tried to leave the test server."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [text for text in self.console_errors if "Content Security Policy" in text]


@contextmanager
def chromium_with_camera(playwright: Playwright, video: Path) -> Browser:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=[*ARGS, f"--use-file-for-fake-video-capture={video}"])
    try:
        yield browser
    finally:
        browser.close()


def open_page(browser: Browser, base_url: str, path: str) -> WatchedPage:
    """A new phone-sized context on `path`; any request off this server is refused and reported."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 360, "height": 740})
    page = context.new_page()
    desk = WatchedPage(page)

    def refuse(route):
        desk.outside_requests.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(base_url), refuse)
    page.on("console", lambda message: message.type == "error" and desk.console_errors.append(message.text))
    page.on("pageerror", lambda error: desk.console_errors.append(str(error)))
    page.goto(f"{base_url}{path}")
    return desk


def open_signed_in(browser: Browser, base_url: str, email: str, password: str, path: str) -> WatchedPage:
    """Signs in through the real form and lands on `path`."""
    desk = open_page(browser, base_url, f"/login?next={path}")
    desk.page.fill("input[name=email]", email)
    desk.page.fill("input[name=password]", password)
    desk.page.click("main button[type=submit]")
    desk.page.wait_for_url(f"{base_url}{path}")
    return desk


def open_desk(browser: Browser, base_url: str, email: str, password: str) -> WatchedPage:
    return open_signed_in(browser, base_url, email, password, "/scan")
