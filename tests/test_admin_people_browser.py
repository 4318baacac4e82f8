"""Inviting people in a real browser: the invitation form shows only the fields and organisations
that fit the chosen role (and all of them without JavaScript), and the one-time link has a copy
button that falls back to selecting the link where the clipboard cannot be used."""
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from app.extensions import db
from tests import factories
from tests.browser.desk_browser import ARGS, CHROMIUM, open_signed_in
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
ADMIN = "keskus@example.fi"
NO_CLIPBOARD = "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("people-server")) as live:
        with live.app.app_context():
            factories.area()
            live.venue = factories.organisation("venue", name="Teatteri", municipality="186").id
            factories.organisation("distributor", name="Sosiaalityö")
            factories.user("national_admin", email=ADMIN)
            db.session.commit()
        yield live


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def one_time_link_page(browser, server, email: str, *, init_script: str | None = None):
    watched = open_signed_in(browser, server.url, ADMIN, factories.PASSWORD, "/admin/people/invite")
    page = watched.page
    if init_script:
        page.add_init_script(init_script)
    page.fill("input[name=email]", email)
    page.select_option("select[name=role]", "venue")
    page.select_option("select[name=organisation_id]", str(server.venue))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/people/link$"))
    return watched


def test_the_copy_button_puts_the_link_on_the_clipboard_and_says_so(browser, server):
    watched = one_time_link_page(browser, server, "kopioi@teatteri.fi")
    page = watched.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    button = page.locator("[data-copy-button]")
    button.click()
    expect(page.locator("[data-copy-status]")).to_have_text(button.get_attribute("data-copied"))
    link = page.input_value("#link")
    assert "/invitation/" in link
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert watched.csp_violations() == [] and watched.outside_requests == []


def test_without_a_clipboard_the_link_is_selected_for_copying_by_hand(browser, server):
    watched = one_time_link_page(browser, server, "valitse@teatteri.fi", init_script=NO_CLIPBOARD)
    page = watched.page
    button = page.locator("[data-copy-button]")
    button.click()
    expect(page.locator("[data-copy-status]")).to_have_text(button.get_attribute("data-select-instead"))
    expect(page.locator("#link")).to_be_focused()
    selected = page.evaluate("(() => { const f = document.getElementById('link');"
                             " return f.value.slice(f.selectionStart, f.selectionEnd); })()")
    assert selected == page.input_value("#link")


def organisations_offered(page) -> list[str]:
    return page.locator("select[name=organisation_id] option").all_inner_texts()


def test_the_invitation_form_shows_only_what_fits_the_role(browser, server):
    watched = open_signed_in(browser, server.url, ADMIN, factories.PASSWORD, "/admin/people/invite")
    page = watched.page
    organisation, area, side = (page.locator(f"select[name={name}]") for name in ("organisation_id", "area_id", "side"))

    page.select_option("select[name=role]", "venue")
    expect(organisation).to_be_visible()
    expect(area).to_be_hidden()
    expect(side).to_be_hidden()
    assert organisations_offered(page) == ["–", "Teatteri"]

    page.select_option("select[name=role]", "distributor")
    assert organisations_offered(page) == ["–", "Sosiaalityö"]

    page.select_option("select[name=role]", "coordinator")
    expect(organisation).to_be_hidden()
    expect(area).to_be_visible()
    expect(side).to_be_visible()

    page.select_option("select[name=role]", "national_admin")
    for select in (organisation, area, side):
        expect(select).to_be_hidden()

    page.select_option("select[name=role]", "venue")
    page.fill("input[name=email]", "lipunmyynti@teatteri.fi")
    page.select_option("select[name=organisation_id]", str(server.venue))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/people/link$"))
    assert watched.csp_violations() == [] and watched.outside_requests == []


def test_without_javascript_every_field_of_the_invitation_form_is_shown(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{server.url}/login?next=/admin/people/invite")
        page.fill("input[name=email]", ADMIN)
        page.fill("input[name=password]", factories.PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{server.url}/admin/people/invite")
        for name in ("role", "organisation_id", "area_id", "side"):
            expect(page.locator(f"select[name={name}]")).to_be_visible()
        assert organisations_offered(page) == ["–", "Sosiaalityö", "Teatteri"]
    finally:
        context.close()
