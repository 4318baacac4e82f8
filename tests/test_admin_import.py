"""Import from the previous system: upload, preview, confirm; a file with errors imports nothing."""
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from app.extensions import db
from app.models import AuditEntry, Card
from tests import factories
from tests.conftest import csrf_from, login

pytestmark = pytest.mark.db

HEADER = "id,kind,issued_on,valid_until,municipality,birth_year,postcode,children,state\n"
GOOD = HEADER + (
    "OLD-0001,client,2025-02-01,2026-02-01,858,1970,04300,1,active\n"
    "OLD-0002,client,2024-01-10,2025-01-10,186,1985,04400,0,expired\n"
    "OLD-0003,community,2025-03-01,2026-03-01,,,,,active\n"
    "OLD-0004,client,,,,,,,stock\n"
)


@pytest.fixture(autouse=True)
def upload_dir(app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path)
    return tmp_path


def upload(client, text: str | bytes, area: str = "", name: str = "old.csv"):
    token = csrf_from(client.get("/admin/import").get_data(as_text=True))
    data = text.encode() if isinstance(text, str) else text
    return client.post("/admin/import", data={"csrf_token": token, "area": area,
                                              "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def preview_in_english(client, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.location, headers={"Accept-Language": "en"}).get_data(as_text=True)


def confirm(client, response) -> int:
    """Confirms the previewed upload; the number of cards added."""
    html = client.get(response.location).get_data(as_text=True)
    before = card_count()
    assert client.post(response.location, data={"csrf_token": csrf_from(html)}).status_code == 302
    return card_count() - before


def workbook_bytes(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def card_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Card))


def test_preview_then_confirm_imports_the_cards(login_as, world, upload_dir):
    client = login_as("coordinator")
    response = upload(client, GOOD, str(world.area.id))
    assert response.status_code == 302
    preview = client.get(response.location)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'data-import-count>4<' in html and "OLD-0001" in html
    assert 'data-state="active" data-kind="client">' in html and "<td data-count>2</td>" in html
    before = card_count()
    confirmed = client.post(response.location, data={"csrf_token": csrf_from(html)})
    assert confirmed.status_code == 302 and card_count() == before + 4
    card = db.session.get(Card, "OLD-0001")
    assert (card.legacy, card.state, card.issued_area_id, card.allocated_area_id) == (
        True, "active", world.area.id, world.area.id)
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "import_file")).details["count"] == 4
    assert not list(upload_dir.iterdir())
    assert client.post(response.location, data={"csrf_token": csrf_from(html)}).status_code == 404


def test_errors_are_listed_per_line_and_nothing_is_imported(login_as, world):
    client = login_as("national_admin")
    bad = GOOD + "OLD-0005,client,2025-02-01,2024-01-01,858,1970,04300,0,active\nOLD-0001,client,,,,,,,stock\n"
    response = upload(client, bad)
    html = client.get(response.location).get_data(as_text=True)
    assert 'data-line="6"' in html and 'data-line="7"' in html and "Import 4 cards" not in html
    before = card_count()
    refused = client.post(response.location, data={"csrf_token": csrf_from(html)})
    assert refused.status_code == 400 and card_count() == before


def test_a_coordinator_imports_only_its_own_areas_cards(login_as, world):
    client = login_as("coordinator")
    oulu = HEADER + "OLD-0009,client,2025-02-01,2026-02-01,564,1970,90100,0,active\n"
    html = client.get(upload(client, oulu, str(world.area.id)).location).get_data(as_text=True)
    assert 'data-line="2"' in html and "564" in html
    assert upload(client, GOOD, str(world.other_area.id)).status_code == 404


def test_another_session_cannot_confirm_the_upload(client, login_as, world, app):
    first = login_as("coordinator")
    location = upload(first, GOOD, str(world.area.id)).location
    other = app.test_client()
    factories.user("coordinator", area_obj=world.area, email="second@example.fi")
    db.session.commit()
    login(other, "second@example.fi")
    assert other.get(location).status_code == 404


def test_a_file_that_is_not_a_table_or_too_large_is_refused(login_as, world):
    client = login_as("national_admin")
    assert upload(client, "id\n").status_code == 302
    token = csrf_from(client.get("/admin/import").get_data(as_text=True))
    old_excel = client.post("/admin/import", headers={"Accept-Language": "en"},
                            data={"csrf_token": token, "area": "",
                                  "file": (io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "old.xls")},
                            content_type="multipart/form-data")
    assert old_excel.status_code == 400 and "(.xlsx)" in old_excel.get_data(as_text=True)
    broken = client.post("/admin/import", headers={"Accept-Language": "en"},
                         data={"csrf_token": token, "area": "",
                               "file": (io.BytesIO(b"PK\x03\x04 not really a workbook"), "old.xlsx")},
                         content_type="multipart/form-data")
    assert broken.status_code == 400 and "could not be read" in broken.get_data(as_text=True)
    big = client.post("/admin/import", data={"csrf_token": token, "area": "",
                                             "file": (io.BytesIO(b"x" * (5 * 1024 * 1024 + 1)), "big.csv")},
                      content_type="multipart/form-data")
    assert big.status_code == 413


def test_discarding_removes_the_file(login_as, world, upload_dir):
    client = login_as("national_admin")
    location = upload(client, GOOD).location
    html = client.get(location).get_data(as_text=True)
    assert client.post(location + "/cancel", data={"csrf_token": csrf_from(html)}).status_code == 302
    assert not list(upload_dir.iterdir()) and client.get(location).status_code == 404


def test_a_csv_saved_by_finnish_excel_is_accepted(login_as, world):
    """Semicolons, a BOM, CRLF, header cells with stray spaces and capitals, dates as 31.5.2025 and the
    postcode's leading zero dropped, as Excel writes them."""
    client = login_as("coordinator")
    text = ("\ufeffID; Kind ;Issued_On;valid_until;Municipality;birth_year;postcode;children;STATE\r\n"
            "OLD-0101;client;1.2.2025;1.2.2026;858;1970;4300;1;active\r\n"
            "OLD-0102;community;2025-03-01;2026-03-01;;;;;active\r\n"
            ";;;;;;;;\r\n")
    response = upload(client, text.encode("utf-8"), str(world.area.id))
    html = preview_in_english(client, response)
    assert "data-import-count>2<" in html and "error-list" not in html
    assert confirm(client, response) == 2
    card = db.session.get(Card, "OLD-0101")
    assert (card.issued_on, card.postcode, card.children) == (date(2025, 2, 1), "04300", 1)


def test_a_windows_1252_file_with_scandinavian_letters_is_read_right(login_as, world):
    client = login_as("coordinator")
    text = ("id;kind;issued_on;valid_until;municipality;birth_year;postcode;children;state;Lisätieto\r\n"
            "LÄNSI-0001;client;1.2.2025;1.2.2026;858;1970;04300;0;active;Hävinnyt kerran\r\n")
    response = upload(client, text.encode("cp1252"), str(world.area.id))
    html = preview_in_english(client, response)
    assert "LÄNSI-0001" in html and "error-list" not in html
    assert confirm(client, response) == 1 and db.session.get(Card, "LÄNSI-0001").state == "active"


def test_an_excel_workbook_with_numbers_and_dates_is_accepted(login_as, world):
    client = login_as("coordinator")
    data = workbook_bytes([
        ["id", "kind", "issued_on", "valid_until", "municipality", "birth_year", "postcode", "children", "state"],
        ["XL-0001", "client", date(2025, 2, 1), datetime(2026, 2, 1), 858, 1970, 4300, 2.0, "active"],
        ["XL-0002", "client", "2025-03-01", "2026-03-01", 186.0, 1985.0, "04400", 0, "expired"],
        [None] * 9,
        ["XL-0003", "community", date(2025, 3, 1), date(2026, 3, 1), None, None, None, None, "active"],
    ])
    response = upload(client, data, str(world.area.id), name="kortit.xlsx")
    html = preview_in_english(client, response)
    assert "data-import-count>3<" in html and "error-list" not in html
    assert confirm(client, response) == 3
    first, second = db.session.get(Card, "XL-0001"), db.session.get(Card, "XL-0002")
    assert (first.issued_on, first.valid_until, first.postcode, first.children) == (
        date(2025, 2, 1), date(2026, 2, 1), "04300", 2)
    assert (second.municipality_code, second.birth_year) == ("186", 1985)


def test_a_missing_column_is_named(login_as, world):
    client = login_as("national_admin")
    without_postcode = HEADER.replace(",postcode", "") + "OLD-0001,client,2025-02-01,2026-02-01,858,1970,1,active\n"
    html = preview_in_english(client, upload(client, without_postcode))
    assert "Missing column: postcode" in html and 'data-column="postcode"' in html
    assert "birth_year" not in re.search(r'<ul class="error-list">.*?</ul>', html, re.S).group(0)


def test_a_bad_value_is_shown_with_its_row_and_column(login_as, world):
    client = login_as("national_admin")
    bad = HEADER + ("OLD-0001,client,2025-02-01,2026-02-01,858,1970,04300,1,active\n"
                    "OLD-0002,client,2025-02-01,2026-02-01,858,1970,0430X,1,active\n"
                    "OLD-0003,client,31.2.2025,2026-02-01,858,1970,04300,1,active\n")
    html = preview_in_english(client, upload(client, bad))
    assert '<li data-line="3" data-column="postcode">Row 3, column postcode:' in html
    assert '<li data-line="4" data-column="issued_on">Row 4, column issued_on:' in html
    assert 'data-line="2"' not in html


def test_the_preview_names_the_municipality(login_as, world):
    client = login_as("coordinator")
    html = client.get(upload(client, GOOD, str(world.area.id)).location).get_data(as_text=True)
    assert "<td>Tuusula (858)</td>" in html and "<td>Järvenpää (186)</td>" in html


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_sample_file_downloads_and_imports_cleanly(login_as, world, kind):
    client = login_as("coordinator")
    page = client.get("/admin/import").get_data(as_text=True)
    assert f'href="/admin/import/sample.{kind}"' in page
    sample = client.get(f"/admin/import/sample.{kind}")
    assert sample.status_code == 200 and "attachment" in sample.headers["Content-Disposition"]
    if kind == "csv":
        assert sample.data.startswith("\ufeffid;kind;".encode()) and b"\r\n" in sample.data
    else:
        rows = list(load_workbook(io.BytesIO(sample.data)).active.values)
        assert rows[0][0] == "id" and isinstance(rows[1][2], datetime)
    response = upload(client, sample.data, str(world.area.id), name=f"sample.{kind}")
    html = preview_in_english(client, response)
    assert "data-import-count>1<" in html and "error-list" not in html
    assert confirm(client, response) == 1
