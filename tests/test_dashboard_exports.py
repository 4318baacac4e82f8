"""Every dashboard table as a download (CSV for Finnish Excel, plain CSV, XLSX), read back with csv and
openpyxl and checked against counts made here from the rows the test created; "<5" where the page
shows it; nobody exports outside their scope; "all tables" runs as a background job whose page, status
and download are its owner's alone; a failing or stalled job offers a new try."""
import csv
import io
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from app.dashboards import export_jobs
from app.extensions import db
from app.models import BackgroundJob
from app.models.base import utcnow
from tests.conftest import login, post_form
from tests.stats_data import YEAR, build_data, expected, helsinki_year
from tests.test_stats_dashboards import Page

pytestmark = pytest.mark.db
EN = {"Accept-Language": "en"}
CATEGORIES = {"Culture": "culture", "Courses and education": "education", "Science": "science",
              "Sports and exercise": "sports"}


@pytest.fixture
def inline_jobs(app):
    app.config["JOB_RUNNER"] = lambda work: work()
    yield
    app.config.pop("JOB_RUNNER", None)


@pytest.fixture
def data(world):
    return build_data(world)


def _counted(uses):
    return [u for u in uses if u.undone_at is None and helsinki_year(u.scanned_at) == YEAR]


def get(client, url, status=200):
    response = client.get(url, headers=EN)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response


def finnish_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def plain_csv(data: bytes) -> list[list[str]]:
    assert not data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def xlsx(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def test_categories_as_csv_for_finnish_excel_plain_csv_and_xlsx(login_as, data):
    world, cards, uses = data
    client = login_as("national_admin")
    want = expected(uses, cards, YEAR)["uses_by_category"]
    url = f"/stats/export?scope=national&year={YEAR}&table=categories"
    response = get(client, url + "&format=csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8" and "attachment" in response.headers["Content-Disposition"]
    rows = finnish_csv(response.data)
    assert rows[0] == ["Category", "People admitted", "Adults", "Children"]
    found = {CATEGORIES[row[0]]: [int(cell) for cell in row[1:]] for row in rows[1:]}
    assert found == {key: [c["adults"] + c["children"], c["adults"], c["children"]] for key, c in want.items()}
    plain = plain_csv(get(client, url + "&format=csv-plain").data)
    assert plain == rows
    sheet = next(iter(xlsx(get(client, url + "&format=xlsx").data).values()))
    assert {CATEGORIES[row[0]]: row[1:] for row in sheet[1:]} == found  # numbers as numbers


def test_venue_municipalities_match_the_rows(login_as, data):
    world, cards, uses = data
    mine = _counted(uses)
    rows = finnish_csv(get(login_as("national_admin"),
                           f"/stats/export?year={YEAR}&table=venue_municipality&format=csv").data)
    assert {row[0]: int(row[1]) for row in rows[1:]} == {
        "Järvenpää": sum(u.adults + u.children for u in mine if u.venue_id == world.venue.id),
        "Oulu": sum(u.adults + u.children for u in mine if u.venue_id == world.other_venue.id)}


def test_key_figures_keep_numbers_and_shares(login_as, data):
    world, cards, uses = data
    client = login_as("national_admin")
    want = expected(uses, cards, YEAR)
    sheet = next(iter(xlsx(get(client, f"/stats/export?year={YEAR}&table=figures&format=xlsx").data).values()))
    figures = {row[0]: row[1] for row in sheet[1:]}
    assert figures["Cards registered"] == want["cards_registered"]
    assert figures["Cards taken into use"] == want["cards_taken_into_use"]
    assert figures["Adults admitted"] == want["uses_adults"]
    assert figures["Children admitted"] == want["uses_children"]
    assert figures["Usage rate"] == pytest.approx(round(want["cards_taken_into_use"] / want["cards_registered"], 3))
    book = load_workbook(io.BytesIO(get(client, f"/stats/export?year={YEAR}&table=figures&format=xlsx").data))
    rate_row = next(row for row in book.active.iter_rows(min_row=2) if row[0].value == "Usage rate")
    assert "%" in rate_row[1].number_format
    plain = {row[0]: row[1] for row in plain_csv(get(client, f"/stats/export?year={YEAR}&table=figures"
                                                             f"&format=csv-plain").data)[1:]}
    assert float(plain["Usage rate"]) == pytest.approx(figures["Usage rate"])
    assert int(plain["Uses"]) == len(_counted(uses))


def test_small_counts_are_exported_as_the_page_shows_them(login_as, data):
    world, _cards, _uses = data
    client = login_as("coordinator")
    page = Page(get(client, f"/stats?year={YEAR}").get_data(as_text=True))
    shown = page.tables["gender"][1:]
    assert any("<5" in row for row in shown)
    rows = finnish_csv(get(client, f"/stats/export?year={YEAR}&scope=area:{world.area.id}&table=gender"
                                   f"&format=csv").data)[1:]
    assert rows == shown
    sheet = next(iter(xlsx(get(client, f"/stats/export?year={YEAR}&scope=area:{world.area.id}&table=gender"
                                       f"&format=xlsx").data).values()))
    assert [[str(cell) for cell in row] for row in sheet[1:]] == shown
    assert "<5" in [row[1] for row in sheet[1:]]


def test_the_stats_page_links_every_table(login_as, data):
    page = get(login_as("national_admin"), f"/stats?year={YEAR}").get_data(as_text=True)
    parsed = Page(page)
    for key in parsed.panels:
        if key in parsed.tables:
            assert f'data-exports="{key}"' in page
    assert 'data-exports="figures"' in page and "data-export-all" in page


@pytest.mark.parametrize("role, query, status", [
    ("venue", "scope=area:{area}&table=categories", 403),
    ("venue", "scope=national&table=categories", 403),
    ("venue", "scope=venue:{venue}&table=gender", 404),  # a venue's page has nothing about holders
    ("distributor", "scope=site:{other_distributor}&table=categories", 403),
    ("coordinator", "scope=area:{other_area}&table=categories", 403),
    ("national_admin", "table=nothing", 404),
    ("national_admin", "table=categories&format=pdf", 404),
    ("national_admin", "table=categories&from=2024-13-01", 400),
])
def test_an_export_outside_ones_page_is_refused(login_as, world, role, query, status):
    query = query.format(area=world.area.id, venue=world.venue.id, other_distributor=world.other_distributor.id,
                         other_area=world.other_area.id)
    get(login_as(role), f"/stats/export?year={YEAR}&{query}", status)


def signed_in(app, person):
    client = app.test_client()
    assert login(client, person.email).status_code == 302
    return client


def test_feedback_tables_export(login_as, data, app):
    world, cards, uses = data
    client = login_as("coordinator")
    book = xlsx(get(client, f"/stats/feedback/export?area={world.area.id}&year={YEAR}&table=feedback"
                            f"&format=xlsx").data)
    rows = next(iter(book.values()))
    at_ours = [u for u in _counted(uses) if u.venue_id == world.venue.id]
    uses_row = next(row for row in rows if row[0] == "Uses")
    assert uses_row[1] == len(at_ours)
    assert uses_row[4] == len(_counted(uses))
    get(client, f"/stats/feedback/export?area={world.other_area.id}&year={YEAR}&table=feedback&format=csv", 403)
    get(signed_in(app, world.people["venue"]), f"/stats/feedback/export?area={world.area.id}&year={YEAR}&table=feedback", 403)


def start_all(client, data: dict):
    response = post_form(client, "/stats/export/all", data)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


def test_all_tables_run_as_a_job_with_progress_and_download(login_as, data, inline_jobs, app):
    world, cards, uses = data
    world.people["national_admin"].language = "en"  # the job writes in the language of the one who asked
    db.session.commit()
    admin = login_as("national_admin")
    job_url = start_all(admin, {"scope": "national", "year": str(YEAR)})
    status = json.loads(get(admin, job_url + "/status").data)
    assert status["status"] == "done" and status["progress"] == 100 and status["download"]
    page = get(admin, job_url).get_data(as_text=True)
    assert 'data-job-status="done"' in page and "data-job-download" in page
    download = get(admin, status["download"])
    assert download.mimetype.startswith("application/vnd.openxmlformats")
    sheets = xlsx(download.data)
    assert len(sheets) >= 8  # the key figures and one sheet per panel
    figures = {row[0]: row[1] for row in next(iter(sheets.values()))[1:]}
    assert figures["Uses"] == len(_counted(uses))
    # Only the owner sees the job: anyone else gets 404 for its page, status and file.
    other = signed_in(app, world.people["coordinator"])
    for suffix in ("", "/status", "/download"):
        get(other, job_url + suffix, 404)
    assert post_form(other, job_url + "/retry", {}).status_code == 404


def test_a_venue_cannot_start_an_area_workbook(login_as, world, inline_jobs):
    response = post_form(login_as("venue"), "/stats/export/all", {"scope": f"area:{world.area.id}", "year": "2024"})
    assert response.status_code == 403
    assert db.session.query(BackgroundJob).count() == 0


def test_a_failing_job_shows_the_error_and_a_new_try(login_as, data, inline_jobs, monkeypatch):
    admin = login_as("national_admin")

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")
    monkeypatch.setattr(export_jobs.content, "dashboard", broken)
    job_url = start_all(admin, {"scope": "national", "year": str(YEAR)})
    assert json.loads(get(admin, job_url + "/status").data)["status"] == "failed"
    page = get(admin, job_url).get_data(as_text=True)
    assert "data-job-error" in page and "the disk is full" in page and "data-job-retry" in page
    get(admin, job_url + "/download", 404)
    monkeypatch.undo()
    again = post_form(admin, job_url + "/retry", {})
    assert again.status_code == 303 and again.headers["Location"] != job_url
    assert json.loads(get(admin, again.headers["Location"] + "/status").data)["status"] == "done"


def test_a_stalled_job_can_be_started_again(login_as, world, inline_jobs):
    admin = login_as("national_admin")
    job = BackgroundJob(kind=export_jobs.WORKBOOK, owner_id=world.people["national_admin"].id,
                        params={"page": "stats", "scope": "national", "args": {"year": str(YEAR)}, "lang": "en"},
                        status="running", progress=40, updated_at=utcnow() - timedelta(hours=1))
    db.session.add(job)
    db.session.commit()
    page = get(admin, f"/stats/jobs/{job.id}").get_data(as_text=True)
    assert "data-job-stalled" in page and "data-job-retry" in page
    again = post_form(admin, f"/stats/jobs/{job.id}/retry", {})
    assert again.status_code == 303
    assert json.loads(get(admin, again.headers["Location"] + "/status").data)["progress"] == 100
    assert json.loads(get(admin, f"/stats/jobs/{job.id}/status").data)["status"] == "failed"
