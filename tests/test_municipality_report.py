"""A municipality's yearly report: its official languages from the reference data, its figures
checked against counts made here from the rows the test created, the PDF made as a background job
in Finnish and in Swedish, and only for the national admin and the coordinators of its area."""
import base64
import json
import re
import zlib
from datetime import date, datetime

import pytest

from app.extensions import db
from app.models import Municipality
from app.stats import municipality_report
from tests import factories
from tests.conftest import login, post_form
from tests.stats_data import YEAR, make_card, make_use

pytestmark = pytest.mark.db


@pytest.fixture
def inline_jobs(app):
    app.config["JOB_RUNNER"] = lambda work: work()
    yield
    app.config.pop("JOB_RUNNER", None)


def pdf_text(data: bytes) -> str:
    """The text shown by a PDF drawn with the standard fonts: every content stream inflated, its
    literal strings unescaped and read as the fonts' WinAnsi encoding."""
    assert data.startswith(b"%PDF")
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        stream = stream.strip()
        if stream.endswith(b"~>"):  # ReportLab's ASCII85 around the deflated content
            stream = zlib.decompress(base64.a85decode(stream[:-2]))
        for literal in re.findall(rb"\((?:\\.|[^\\)])*\)", stream, re.S):
            text = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), literal[1:-1])
            found.append(re.sub(rb"\\(.)", rb"\1", text).decode("cp1252", "replace"))
    return " ".join(found)


def test_official_languages_come_from_the_reference_data(app):
    languages = {code: db.session.get(Municipality, code).official_languages
                 for code in ("186", "091", "638", "499", "478", "545")}
    assert languages == {"186": ["fi"], "091": ["fi", "sv"], "638": ["fi", "sv"], "499": ["sv", "fi"],
                         "478": ["sv"], "545": ["sv"]}
    counts = {}
    for m in db.session.query(Municipality):
        counts[tuple(m.official_languages)] = counts.get(tuple(m.official_languages), 0) + 1
    assert counts[("sv",)] == 19 and counts[("fi", "sv")] + counts[("sv", "fi")] == 30


@pytest.fixture
def porvoo(world):
    """Porvoo (638, bilingual, Finnish majority) in an area of its own, with a venue, a site and uses."""
    area = factories.area("Itä-Uusimaa", ("638",))
    venue = factories.organisation("venue", name="Borgå teater", municipality="638", area_name="Itä-Uusimaa")
    site = factories.organisation("distributor", name="Porvoon sosiaalityö", municipality="638",
                                  area_name="Itä-Uusimaa")
    cards = [make_card(site, date(YEAR, 3, 1)), make_card(site, date(YEAR, 4, 1)),
             make_card(world.distributor, date(YEAR, 5, 1), home="638"), make_card(site, date(YEAR - 1, 6, 1))]
    uses = [make_use(cards[0], venue, datetime(YEAR, 3, 5, 10), adults=1, children=2),
            make_use(cards[0], venue, datetime(YEAR, 8, 5, 10), category="sports"),
            make_use(cards[3], venue, datetime(YEAR, 9, 5, 10), category="science", children=1),
            make_use(cards[2], world.venue, datetime(YEAR, 6, 5, 10)),  # used in Järvenpää, not Porvoo
            make_use(cards[3], venue, datetime(YEAR - 1, 7, 5, 10), adults=2),
            make_use(cards[1], venue, datetime(YEAR, 10, 5, 10), undone=True)]
    db.session.commit()
    return area, venue, cards, uses


def test_the_report_figures_match_the_rows(world, porvoo):
    _area, venue, cards, uses = porvoo
    data = municipality_report.gather("638", YEAR, "sv")
    assert data["name"] == "Borgå" and data["previous_year"] == YEAR - 1
    here = data["municipality"]["this"]
    counted = [u for u in uses if u.undone_at is None and u.venue_id == venue.id and u.scanned_at.year == YEAR]
    assert here["cards_registered"] == sum(1 for c in cards if c.municipality_code == "638"
                                           and c.issued_on.year == YEAR) == 3
    used = {u.card_id for u in uses if u.undone_at is None}
    assert here["cards_taken_into_use"] == sum(1 for c in cards if c.issued_on.year == YEAR and c.id in used) == 2
    assert here["usage_rate"] == pytest.approx(2 / 3)
    assert here["uses"] == len(counted) == 3
    for category in ("culture", "science", "sports", "education"):
        assert here["uses_by_category"][category] == {
            "adults": sum(u.adults for u in counted if u.category == category),
            "children": sum(u.children for u in counted if u.category == category)}
    before = data["municipality"]["previous"]
    assert before["cards_registered"] == 1 and before["uses_adults"] == 2
    everywhere = [u for u in uses if u.undone_at is None and u.scanned_at.year == YEAR]
    assert data["national"]["this"]["uses"] == len(everywhere)
    assert dict(data["months"]["this"])[f"{YEAR}-03"] == 3


def make_report(client, code: str, year: int, language: str | None):
    form = {"municipality": code, "year": str(year)}
    if language:
        form["language"] = language
    response = post_form(client, "/stats/municipality-report", form)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    job_url = response.headers["Location"]
    status = json.loads(client.get(job_url + "/status").data)
    assert status["status"] == "done" and status["progress"] == 100, status
    download = client.get(status["download"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    return job_url, download.data


@pytest.mark.parametrize("language, words, not_words", [
    ("fi", ["Porvoo", "Kulttuuri", "Koko maa", "Rekisteröidyt kortit", "Käyttöaste"], ["Borgå", "Hela landet"]),
    ("sv", ["Borgå", "Kultur", "Hela landet", "Registrerade kort", "Användningsgrad"], ["Kulttuuri", "Koko maa"]),
])
def test_the_pdf_is_made_in_the_chosen_official_language(login_as, world, porvoo, inline_jobs, language, words,
                                                         not_words):
    _job, pdf = make_report(login_as("national_admin"), "638", YEAR, language)
    text = pdf_text(pdf)
    for word in words:
        assert word in text
    for word in not_words:
        assert word not in text


def test_the_default_language_is_the_majority_one(login_as, world, porvoo, inline_jobs):
    _job, pdf = make_report(login_as("national_admin"), "638", YEAR, None)
    assert "Porvoo" in pdf_text(pdf)


def test_a_language_the_municipality_does_not_have_is_refused(login_as, world, inline_jobs):
    response = post_form(login_as("coordinator"), "/stats/municipality-report",
                         {"municipality": "186", "year": str(YEAR), "language": "sv"})
    assert response.status_code == 400


def test_coordinators_get_only_their_own_municipalities(login_as, world, porvoo, inline_jobs, app):
    client = login_as("coordinator")
    page = client.get(f"/stats?year={YEAR}&scope=municipality:186").get_data(as_text=True)
    assert "data-municipality-report" in page
    chooser = client.get(f"/stats/municipality-report?municipality=186&year={YEAR}").get_data(as_text=True)
    assert 'value="fi"' in chooser and 'value="sv"' not in chooser
    job_url, pdf = make_report(client, "186", YEAR, "fi")
    assert "Järvenpää" in pdf_text(pdf)
    assert post_form(client, "/stats/municipality-report",
                     {"municipality": "638", "year": str(YEAR)}).status_code == 403
    assert client.get("/stats/municipality-report?municipality=638").status_code == 403
    admin = app.test_client()
    assert login(admin, world.people["national_admin"].email).status_code == 302
    chooser = admin.get(f"/stats/municipality-report?municipality=638&year={YEAR}").get_data(as_text=True)
    assert 'value="fi"' in chooser and 'value="sv"' in chooser
    assert admin.get(job_url).status_code == 404 and admin.get(job_url + "/download").status_code == 404
    venue = app.test_client()
    assert login(venue, world.people["venue"].email).status_code == 302
    assert venue.get("/stats/municipality-report").status_code == 403


def test_the_job_refuses_a_municipality_the_owner_no_longer_coordinates(login_as, world, app):
    waiting = []
    app.config["JOB_RUNNER"] = waiting.append  # held until the coordinator has lost the area
    client = login_as("coordinator")
    response = post_form(client, "/stats/municipality-report", {"municipality": "186", "year": str(YEAR)})
    assert response.status_code == 303 and len(waiting) == 1
    for membership in world.people["coordinator"].memberships:
        membership.area_id = world.other_area.id  # now coordinating Oulu, not Järvenpää's area
    db.session.commit()
    waiting[0]()
    app.config.pop("JOB_RUNNER")
    state = json.loads(client.get(response.headers["Location"] + "/status").data)
    assert state["status"] == "failed" and state["download"] is None
