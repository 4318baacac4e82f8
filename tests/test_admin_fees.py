"""The national admin's database fee screens: entering a year's total (confirming a replacement),
areas' agreed shares, the invoice basis on the page and as CSV, XLSX and PDF, the audit trail and
who may see it all. Expected euros are worked out here from the populations the tests set."""
import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.models import AuditEntry, DatabaseFee, DatabaseFeeOverride, Municipality
from tests.conftest import login, post_form

pytestmark = pytest.mark.db

POPULATIONS = {"858": 100, "186": 100, "106": 200, "564": 600}  # Keski-Uusimaa (county 02) and Oulu (19)


@pytest.fixture
def people(world):
    """The world's areas take part; populations easy to share by hand."""
    for code, people_count in POPULATIONS.items():
        db.session.get(Municipality, code).population = people_count
    db.session.commit()
    return world


@pytest.fixture
def admin(login_as, people):
    """The national admin, reading English (the texts asserted on are the English msgids)."""
    client = login_as("national_admin")
    post_form(client, "/language", {"lang": "en"})
    return client


def enter_total(client, year="2025", total="2 000,00", **extra):
    return post_form(client, "/admin/fees", {"year": year, "total": total, **extra})


def test_the_admin_enters_a_total_and_sees_the_invoice_basis(admin):
    client = admin
    assert 'href="/admin/fees"' in client.get("/admin").get_data(as_text=True)
    assert enter_total(client).headers["Location"].endswith("/admin/fees/2025")
    assert db.session.get(DatabaseFee, 2025).total_cents == 200_000
    page = client.get("/admin/fees/2025").get_data(as_text=True)
    # 1,000 € to the municipalities over 1,000 residents, 1,000 € to the counties.
    assert 'data-party="municipality" data-code="564"' in page and "600.00" in page
    assert 'data-party="county" data-code="02"' in page and "400.00" in page and "2,000.00" in page
    post_form(client, "/language", {"lang": "fi"})
    assert "2 000,00" in client.get("/admin/fees/2025").get_data(as_text=True).replace("\u00a0", " ")
    entry = db.session.query(AuditEntry).filter_by(action="fee_total_set").one()
    assert (entry.target_type, entry.target_id) == ("database_fee", "2025")
    assert entry.details["new"] == {"total_euros": "2000.00"} and entry.details["old"] == {"total_euros": None}
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Tietokantamaksun kokonaissumma kirjattu" in log and "Tietokantamaksu 2025" in log


def test_replacing_a_years_total_needs_a_confirmation(admin, people):
    client = admin
    enter_total(client)
    refused = enter_total(client, total="3000")
    assert refused.status_code == 400
    assert "Tick the box to replace it" in refused.get_data(as_text=True)
    assert db.session.get(DatabaseFee, 2025).total_cents == 200_000
    assert enter_total(client, total="3000", replace="y").status_code == 302
    db.session.expire_all()
    assert db.session.get(DatabaseFee, 2025).total_cents == 300_000
    assert enter_total(client, total="3000").status_code == 302  # the same total again asks nothing
    changes = db.session.query(AuditEntry).filter_by(action="fee_total_set").order_by(AuditEntry.id).all()
    assert changes[1].details == {"old": {"total_euros": "2000.00"}, "new": {"total_euros": "3000.00"}}


@pytest.mark.parametrize("total", ["", "abc", "-5", "1,001", "NaN", "20000000"])
def test_bad_totals_are_refused(admin, total):
    assert enter_total(admin, total=total).status_code == 400
    assert db.session.query(DatabaseFee).count() == 0


def test_an_area_agreement_is_taken_out_first_and_can_be_removed(admin, people):
    client = admin
    enter_total(client)
    keski = people.area
    saved = post_form(client, "/admin/fees/2025", {"area_id": keski.id, "municipalities": "150", "county": ""})
    assert saved.status_code == 302
    agreement = db.session.get(DatabaseFeeOverride, (2025, keski.id))
    assert (agreement.municipalities_cents, agreement.county_cents) == (15_000, None)
    page = client.get("/admin/fees/2025").get_data(as_text=True)
    # Keski-Uusimaa's 150 € by population (100, 100, 200); Oulu pays the other 850 €.
    assert "37.50" in page and "75.00" in page and "850.00" in page
    assert f'data-area="{keski.id}"' in page
    entry = db.session.query(AuditEntry).filter_by(action="fee_agreement_set").one()
    assert entry.details["new"] == {"municipalities_euros": "150.00", "county_euros": None}
    too_much = post_form(client, "/admin/fees/2025", {"area_id": keski.id, "county": "1000,01"})
    assert too_much.status_code == 400 and "more than the half" in too_much.get_data(as_text=True)
    assert post_form(client, "/admin/fees/2025", {"area_id": keski.id}).status_code == 302
    assert db.session.get(DatabaseFeeOverride, (2025, keski.id)) is None
    assert db.session.query(AuditEntry).filter_by(action="fee_agreement_set").count() == 2


def test_a_basis_that_no_longer_adds_up_is_explained_not_crashed(admin, people):
    client = admin
    enter_total(client)
    post_form(client, "/admin/fees/2025", {"area_id": people.area.id, "municipalities": "1000"})
    enter_total(client, total="100", replace="y")
    page = client.get("/admin/fees/2025")
    assert page.status_code == 200 and "data-refusal" in page.get_data(as_text=True)
    assert client.get("/admin/fees/2025/basis/pdf").status_code == 409


def test_the_basis_downloads_as_csv_for_excel_plain_csv_xlsx_and_pdf(admin, people):
    client = admin
    enter_total(client, total="2000.01")
    excel = client.get("/admin/fees/2025/basis/excel")
    assert excel.status_code == 200 and excel.data.startswith("\ufeff".encode())
    assert "kaikukortti-fee-basis-2025.csv" in excel.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(excel.data.decode("utf-8-sig")), delimiter=";"))
    assert [r["code"] for r in rows] == ["106", "186", "564", "858", "02", "19"]
    assert {r["code"]: r["euros"] for r in rows}["564"] == "600,01"  # the odd cent, by the largest remainder

    plain = client.get("/admin/fees/2025/basis/csv")
    rows = list(csv.DictReader(io.StringIO(plain.data.decode("utf-8"))))
    assert list(rows[0]) == ["party", "code", "name", "population", "euros"]
    assert sum(Decimal(r["euros"]) for r in rows) == Decimal("2000.01")
    assert {r["code"]: r["population"] for r in rows if r["party"] == "county"} == {"02": "400", "19": "600"}

    workbook = client.get("/admin/fees/2025/basis/xlsx")
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Payer", "Code", "Name", "Population", "Euros")
    assert values[-1][:4] == ("Wellbeing services county", "19", "Pohjois-Pohjanmaan hyvinvointialue", 600)
    assert values[-1][4] == pytest.approx(600.0)

    pdf = client.get("/admin/fees/2025/basis/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout
        text = text.decode("utf-8")
        assert "Database fee 2025: invoice basis" in text and "Pohjois-Pohjanmaan hyvinvointialue" in text
        assert "2,000.01" in text.replace("\u00a0", " ")


def test_a_year_without_a_total_is_not_found(admin, people):
    client = admin
    assert client.get("/admin/fees/2024").status_code == 404
    assert client.get("/admin/fees/2024/basis/xlsx").status_code == 404


@pytest.mark.parametrize("who", ("coordinator", "distributor", "venue"))
def test_only_the_national_admin_sees_or_changes_the_fee(app, people, who):
    db.session.add(DatabaseFee(year=2025, total_cents=100_000))
    db.session.commit()
    client = app.test_client()
    login(client, people.people[who].email)
    for url in ("/admin/fees", "/admin/fees/2025", "/admin/fees/2025/basis/csv", "/admin/fees/2025/basis/pdf"):
        assert client.get(url).status_code == 403, url
    assert enter_total(client, total="1").status_code == 403
    assert post_form(client, "/admin/fees/2025", {"area_id": people.area.id, "county": "1"}).status_code == 403
    assert db.session.get(DatabaseFee, 2025).total_cents == 100_000
    admin = app.test_client()
    login(admin, people.people["national_admin"].email)
    assert all(admin.get(url).status_code == 200 for url in ("/admin/fees", "/admin/fees/2025"))


@pytest.mark.parametrize("area_id, euros", [("abc", "1"), ("-1", "1"), ("9" * 40, "1"), ("{area}", "1e999999999"),
                                            ("{area}", "x" * 5000), ("{area}", "١٢٣٫٤٥٦")])
def test_hostile_agreement_input_is_refused_quietly(admin, people, area_id, euros):
    enter_total(admin)
    answer = post_form(admin, "/admin/fees/2025", {"area_id": area_id.format(area=people.area.id),
                                                    "municipalities": euros})
    assert answer.status_code == 400
    assert db.session.query(DatabaseFeeOverride).count() == 0
