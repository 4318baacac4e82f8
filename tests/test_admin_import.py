"""Import from the previous system: upload, preview, confirm; a file with errors imports nothing."""
import io

import pytest

from app.extensions import db
from app.models import AuditEntry, Card
from tests import factories
from tests.conftest import csrf_from, login

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


def upload(client, text: str, area: str = ""):
    token = csrf_from(client.get("/admin/import").get_data(as_text=True))
    return client.post("/admin/import", data={"csrf_token": token, "area": area,
                                              "file": (io.BytesIO(text.encode()), "old.csv")},
                       content_type="multipart/form-data")


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


def test_a_file_that_is_not_utf8_or_too_large_is_refused(login_as, world):
    client = login_as("national_admin")
    assert upload(client, "id\n").status_code == 302
    token = csrf_from(client.get("/admin/import").get_data(as_text=True))
    latin = client.post("/admin/import", data={"csrf_token": token, "area": "",
                                               "file": (io.BytesIO("id\nÄÖ".encode("latin-1")), "old.csv")},
                        content_type="multipart/form-data")
    assert latin.status_code == 400 and "UTF-8" in latin.get_data(as_text=True)
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
