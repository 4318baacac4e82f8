"""Every admin page fits a 360 px phone: nothing is wider than the screen, and whatever scrolls
sideways can be scrolled with the keyboard (axe `scrollable-region-focusable`), for the national
admin and for a coordinator, with demo-like data so that every table has rows."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from app.network import invitations
from app.network.annual import checklist
from app.cards import stock
from app.core.audit import Actor
from app.cli.demo import PASSWORD, load_demo
from app.extensions import db
from app.models import AnnualTask, Area, CardSeries, Membership, Organisation, RefusedScan, User
from app.models.base import helsinki_date, utcnow
from app.network.organisations import create_organisation
from app.network.people import create_user
from tests.browser.desk_browser import ARGS, CHROMIUM, open_signed_in
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
WIDTH = 360
# axe-core is a devDependency in package.json, installed by `make vendor` (scripts/vendor-js.sh).
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULE = "scrollable-region-focusable"
ADMIN, COORDINATOR = "admin@demo.kaikukortti.fi", "koordinaattori@demo.kaikukortti.fi"
LONG_EMAIL = "maija-liisa.virtanen-korhonen@keski-uudenmaan-hyvinvointialue.example.fi"
LONG_NAME = "Keski-Uudenmaan hyvinvointialueen aikuissosiaalityön ja päihdepalveluiden palvelupiste"
# Filled by going through the page that leads to them, not from the url map.
REACHED_BY_ACTION = {"admin.one_time_link", "admin.import_preview"}
IMPORT_CSV = ("id;kind;issued_on;valid_until;municipality;birth_year;postcode;children;state\r\n"
              "VANHA-0001;client;2025-01-10;2026-01-10;858;1970;04300;1;active\r\n")


def build_world() -> dict[str, int]:
    """The demo data plus what makes every admin table have rows: long names and e-mails, open
    links, a stock request, an annual checklist, an organisation waiting for a decision, a refused scan."""
    load_demo()
    area = db.session.scalars(select(Area)).first()
    admin = db.session.scalars(select(User).where(User.email == ADMIN)).one()
    site = create_organisation(kind="distributor", name=LONG_NAME, municipality_code="858",
                               contact=("Maija-Liisa Virtanen-Korhonen", LONG_EMAIL, "+358 40 123 4567"))
    proposed = create_organisation(kind="distributor", name=LONG_NAME + " 2", municipality_code="186",
                                   approved=False, actor=Actor(user_id=admin.id))
    staff = create_user(email=LONG_EMAIL, password=PASSWORD, role="distributor", org_id=site.id)
    invitations.invite(admin, email="uusi." + LONG_EMAIL, role="distributor", org_id=site.id, area_id=None, side=None)
    invitations.reset_link(admin, staff)
    request = stock.request_more(site, 25, "Tarvitsemme lisää kortteja syksyn ryhmiin " * 3,
                                 actor=Actor(user_id=staff.id))
    checklist(area.id, helsinki_date(utcnow()).year, Actor(user_id=admin.id))
    task = db.session.scalars(select(AnnualTask).where(AnnualTask.area_id == area.id)).first()
    membership = db.session.scalars(select(Membership).where(Membership.user_id == staff.id)).first()
    series = db.session.scalars(select(CardSeries)).first()
    venue = db.session.scalars(select(Organisation).where(Organisation.kind == "venue")).first()
    db.session.add(RefusedScan(venue_id=venue.id, reason="unknown", raw_code="https://kortti.example/c/" + "7" * 60,
                               source="camera_qr"))
    db.session.commit()
    return {"area_id": area.id, "year": helsinki_date(utcnow()).year, "user_id": staff.id, "org_id": proposed.id,
            "membership_id": membership.id, "request_id": request.id, "task_id": task.id,
            "series_id": series.id, "site_id": site.id, **the_year_of(admin, area)}


def the_year_of(admin, area) -> dict[str, int]:
    """A continuation round, next year's distributor list, a feedback meeting, a material and a contact."""
    from datetime import date

    from app.network import distributor_lists, materials, meetings, rounds
    from app.network.contacts import ContactData, save_contact

    today = helsinki_date(utcnow())
    actor = Actor(user_id=admin.id)
    round_ = rounds.open_round(admin, area_id=area.id, side="distributor", year=today.year + 1, opens_on=today,
                               closes_on=date(today.year, 12, 31), today=today)
    dlist = distributor_lists.prepare(admin, area, today.year + 1, today=today)
    meeting = meetings.create_meeting(area.id, {"meeting_date": today, "place": "Kaupungintalon valtuustosali " * 2,
                                                "note": "Palautetta verkostolta " * 5}, actor, today)
    material = materials.publish({"title_fi": "Perehdytys jakajille " + LONG_NAME, "audience": "distributors",
                                  "kind": "induction", "language": "all",
                                  "link_url": "https://kaikukortti.example/" + "perehdytys/" * 6}, None, None, admin, actor)
    contact = save_contact(admin, area, None, ContactData(side="sote", name="Maija-Liisa Virtanen-Korhonen",
                                                          title="Hyvinvointialueen koordinaattori", email=LONG_EMAIL))
    db.session.commit()
    return {"round_id": round_.id, "list_id": dlist.id, "meeting_id": meeting.id, "material_id": material.id,
            "contact_id": contact.id}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("narrow-server")) as live:
        live.app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path_factory.mktemp("imports"))
        with live.app.app_context():
            live.ids = build_world()
        yield live


def admin_paths(server) -> tuple[list[str], list[str]]:
    """Every GET page under /admin with its ids filled from the world, and the rules with a part
    the world cannot fill (printed by the test, so that none is left out unnoticed)."""
    paths, unfilled = [], []
    for rule in sorted(server.app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/admin") or "GET" not in rule.methods or rule.endpoint in REACHED_BY_ACTION:
            continue
        needed = rule.arguments - set(rule.defaults or {})
        if not needed <= server.ids.keys():
            unfilled.append(rule.rule)
            continue
        values = {**{name: server.ids[name] for name in needed}, **(rule.defaults or {})}
        paths.append(rule.build(values, append_unknown=False)[1])
    return paths, unfilled


def problems(page) -> list[str]:
    found = []
    if (width := page.evaluate("document.documentElement.scrollWidth")) > WIDTH:
        found.append(f"{width} px wide")
    result = page.evaluate("rule => axe.run(document, {runOnly: {type: 'rule', values: [rule]}})", AXE_RULE)
    found += [f"{AXE_RULE}: {node['html'][:80]}" for violation in result["violations"] for node in violation["nodes"]]
    return found


def visit_all(browser, server, email: str) -> tuple[list[str], list[str]]:
    watched = open_signed_in(browser, server.url, email, PASSWORD, "/admin")
    page, checked, failures = watched.page, [], []
    page.context.add_init_script(path=AXE)  # init scripts are outside the page's CSP

    def check(path: str) -> None:
        checked.append(path)
        failures.extend(f"{email} {path}: {problem}" for problem in problems(page))

    for path in admin_paths(server)[0]:
        answer = page.request.get(server.url + path)
        if answer.status != 200 or not answer.headers.get("content-type", "").startswith("text/html"):
            continue  # a download, or a page this role may not open
        page.goto(server.url + path)
        check(path)

    page.goto(server.url + "/admin/people/invite")
    page.fill("input[name=email]", "linkki." + LONG_EMAIL)
    page.select_option("select[name=role]", "distributor")
    page.select_option("select[name=organisation_id]", str(server.ids["site_id"]))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/people/link$"))
    check("/admin/people/link")

    page.goto(server.url + "/admin/import")
    page.set_input_files("input[type=file]", files=[{"name": "kortit.csv", "mimeType": "text/csv",
                                                     "buffer": IMPORT_CSV.encode()}])
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/import/[A-Za-z0-9_-]+$"))
    check(page.url.removeprefix(server.url))
    assert watched.outside_requests == []
    return checked, failures


def test_every_admin_page_fits_a_360_px_phone(server):
    assert AXE.exists(), "axe-core is missing: run `make vendor`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            checked, failures = [], []
            for email in (ADMIN, COORDINATOR):
                seen, wide = visit_all(browser, server, email)
                checked += seen
                failures += wide
        finally:
            browser.close()
    print(f"{len(checked)} admin pages checked at {WIDTH} px; not filled: {admin_paths(server)[1] or 'none'}")
    assert len(checked) >= 30
    assert failures == [], "pages that do not fit a phone:\n" + "\n".join(failures)
