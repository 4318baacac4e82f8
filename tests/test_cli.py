"""The operators' commands, as documented in DESIGN §3: each prints what it made on its last line."""
import csv
from datetime import date

import pytest
from openpyxl import Workbook

from app.cards import ids
from app.extensions import db
from app.models import Card, Organisation, User
from tests import factories

pytestmark = pytest.mark.db


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result, (result.output.strip().splitlines() or [""])[-1]


def test_orgs_create_makes_an_approved_operating_organisation_in_a_new_area(app):
    result, last = run(app, "orgs", "create", "--kind", "venue", "--name", "Oulun kaupunginteatteri",
                       "--municipality", "564", "--category", "culture")
    assert result.exit_code == 0, result.output
    org = db.session.get(Organisation, int(last))
    assert (org.kind, org.approval_state, org.area.name) == ("venue", "approved", "Oulu")


def test_orgs_create_refuses_an_unknown_municipality(app):
    result, _ = run(app, "orgs", "create", "--kind", "venue", "--name", "X", "--municipality", "999")
    assert result.exit_code != 0 and "Unknown municipality" in result.output or "Tuntematon" in result.output


def test_users_create_with_role_and_scope_and_bad_input(app, world):
    result, last = run(app, "users", "create", "--email", "new@example.fi", "--password", "long enough pw",
                       "--role", "venue", "--org", str(world.venue.id))
    assert result.exit_code == 0, result.output
    assert db.session.get(User, int(last)).roles == {"venue"}
    bad, _ = run(app, "users", "create", "--email", "x@example.fi", "--password", "long enough pw",
                 "--role", "venue", "--org", str(world.distributor.id))
    assert bad.exit_code != 0
    short, _ = run(app, "users", "create", "--email", "y@example.fi", "--password", "short", "--role",
                   "national_admin")
    assert short.exit_code != 0


def test_apikeys_create_prints_a_working_key(app, world):
    result, key = run(app, "apikeys", "create", "--org", str(world.venue.id))
    assert result.exit_code == 0 and key.startswith("kk_")
    card = factories.ActiveCardFactory.create(world.distributor)
    db.session.commit()
    response = app.test_client().get(f"/api/v1/cards/{card.id}", headers={"Authorization": f"Bearer {key}"})
    assert response.get_json()["reason"] == "valid"
    assert run(app, "apikeys", "create", "--org", "99999")[0].exit_code != 0


def test_cards_generate_writes_the_printer_csv(app, world, tmp_path):
    out = tmp_path / "series.csv"
    result, last = run(app, "cards", "generate", "--count", "25", "--site", str(world.distributor.id),
                       "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 25 and int(last) > 0
    for row in rows:
        assert ids.parse_scan(row["id"]).key and row["code39"] == row["id"]
        assert row["qr_payload"] == f"https://kortti.example/c/{row['id']}"
        assert ids.parse_scan(row["qr_payload"]).key == ids.parse_scan(row["id"]).key
    cards = db.session.query(Card).filter(Card.series_id == int(last)).all()
    assert {c.state for c in cards} == {"stock"} and {c.allocated_site_id for c in cards} == {world.distributor.id}


def test_cards_import_all_or_nothing(app, tmp_path):
    factories.area()
    db.session.commit()
    header = "id,kind,issued_on,valid_until,municipality,birth_year,postcode,children,state\n"
    good = tmp_path / "good.csv"
    good.write_text(header + "AB-100,client,2026-01-10,2027-01-10,858,1970,04300,2,active\n"
                             "ab 101,client,2024-01-10,2025-01-10,858,1980,04300,0,expired\n"
                             "C-1,community,2026-02-01,2027-02-01,,,,,active\n")
    result, last = run(app, "cards", "import", "--file", str(good))
    assert result.exit_code == 0, result.output and last == "3"
    assert db.session.query(Card).filter_by(lookup_key="AB101").one().legacy
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "ZZ-1,client,2026-01-10,2027-01-10,858,1970,04300,2,active\n"
                            "ZZ-2,client,2026-01-10,2027-01-10,999,1970,04300,2,active\n"
                            "AB-100,client,2026-01-10,2027-01-10,858,1970,04300,2,active\n")
    result, _ = run(app, "cards", "import", "--file", str(bad))
    assert result.exit_code != 0
    assert "row 3, column municipality" in result.output and "row 4, column id" in result.output
    assert db.session.query(Card).filter_by(lookup_key="ZZ1").first() is None


def test_cards_import_reads_an_excel_workbook_and_a_finnish_excel_csv(app, tmp_path):
    factories.area()
    db.session.commit()
    book = Workbook()
    book.active.append(["id", "kind", "issued_on", "valid_until", "municipality", "birth_year", "postcode",
                        "children", "state"])
    book.active.append(["XL-1", "client", date(2025, 2, 1), date(2026, 2, 1), 858, 1970, 4300, 1.0, "active"])
    book.active.append(["XL-2", "client", None, None, None, None, None, None, "stock"])
    workbook = tmp_path / "kortit.xlsx"
    book.save(workbook)
    result, last = run(app, "cards", "import", "--file", str(workbook))
    assert result.exit_code == 0 and last == "2", result.output
    card = db.session.get(Card, "XL-1")
    assert (card.issued_on, card.postcode, card.children) == (date(2025, 2, 1), "04300", 1)
    excel_csv = tmp_path / "kortit.csv"
    excel_csv.write_bytes("\ufeffid;kind;issued_on;valid_until;municipality;birth_year;postcode;children;state\r\n"
                          "CSV-1;client;1.2.2025;1.2.2026;858;1970;04300;0;active\r\n".encode())
    result, last = run(app, "cards", "import", "--file", str(excel_csv))
    assert result.exit_code == 0 and last == "1", result.output


def test_cards_import_names_the_missing_column(app, tmp_path):
    missing = tmp_path / "missing.csv"
    missing.write_text("id,kind,issued_on,valid_until,municipality,birth_year,children,state\n"
                       "AB-1,client,2025-02-01,2026-02-01,858,1970,0,active\n")
    result, _ = run(app, "cards", "import", "--file", str(missing))
    assert result.exit_code != 0 and "row 1, column postcode:" in result.output
    assert "birth_year" not in result.output


def test_demo_loads_once_and_its_logins_work(app):
    result, _ = run(app, "demo")
    assert result.exit_code == 0 and "admin@demo.kaikukortti.fi" in result.output
    again, _ = run(app, "demo")
    assert "already loaded" in again.output
    from tests.conftest import login
    from app.cli.demo import LOGINS, PASSWORD
    for email, _role in LOGINS:
        assert login(app.test_client(), email, PASSWORD).status_code == 302
