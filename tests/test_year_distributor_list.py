"""The distributor list sign-off (issue #14, point 3), end to end through the pages: the coordinator of
an area's distributors prepares next year's list and submits it, the national admin comments on it or
approves it, the exports, and the approved list on the public pages from 1 January of its year."""
import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.models import AuditEntry, Organisation
from app.models.distributor_list import DistributorList
from app.network.offers import public_distributors
from app.network.organisations import decide
from tests import factories
from tests.conftest import login, post_form
from tests.fake_mail import FakeSMTP

pytestmark = pytest.mark.db

THIS_YEAR = factories.today().year
NEXT_YEAR = THIS_YEAR + 1


@pytest.fixture
def network(world):
    """World's area gets distributors in every situation a 1 January can find them in."""
    def distributor(name, **changes):
        org = factories.organisation("distributor", name=name, municipality="186")
        for key, value in changes.items():
            setattr(org, key, value)
        return org

    orgs = {
        "ended": distributor("Päättyvä neuvola", approved_until=date(THIS_YEAR, 12, 31)),
        "ends_later": distributor("Kesään asti", approved_until=date(NEXT_YEAR, 6, 30)),
        "new": distributor("Uusi järjestö", approved_from=date(NEXT_YEAR, 1, 1)),
        "proposed": distributor("Ehdotettu kumppani", approval_state="proposed", approved_from=None),
        "declined": distributor("Hylätty", approval_state="declined"),
        "deactivated": distributor("Lopetettu", approval_state="deactivated"),
    }
    factories.organisation("venue", name="Alueen teatteri", municipality="186")
    world.distributor.contact_name, world.distributor.contact_phone = "Sari Sosiaali", "040 123 4567"
    world.distributor.contact_email, world.distributor.service_type = "sari@example.fi", "aikuissosiaalityö"
    other_coordinator = factories.user("coordinator", area_obj=world.other_area, side="sote",
                                       email="other-coord@example.fi")
    culture_coordinator = factories.user("coordinator", area_obj=world.area, side="culture",
                                         email="culture-coord@example.fi")
    db.session.commit()
    return type("Network", (), dict(orgs=orgs, other_coordinator=other_coordinator,
                                    culture_coordinator=culture_coordinator))


def expected_on_new_year(area_id: int, year: int) -> dict[int, bool]:
    """Organisation id -> awaiting approval, worked out here from every organisation row."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    found = {}
    for org in db.session.query(Organisation).all():
        if org.kind != "distributor" or org.area_id != area_id:
            continue
        if org.approval_state == "proposed":
            found[org.id] = True
        elif (org.approval_state == "approved" and (org.approved_until is None or org.approved_until >= first)
              and (org.approved_from is None or org.approved_from <= last)):
            found[org.id] = False
    return found


def shown_entries(html: str) -> dict[int, bool]:
    """Organisation id -> marked "awaiting approval", as the list's table shows them."""
    rows = re.findall(r'<tr data-entry="(\d+)">(.*?)</tr>', html, re.S)
    return {int(org_id): "data-awaiting" in row for org_id, row in rows}


def as_user(client, email):
    """A browser of its own, signed in as `email`."""
    fresh = client.application.test_client()
    assert login(fresh, email).status_code == 302
    return fresh


def prepare(client, area_id, year=NEXT_YEAR):
    return post_form(client, "/admin/distributor-lists/prepare", {"area_id": str(area_id), "year": str(year)})


def the_list(area_id, year=NEXT_YEAR) -> DistributorList:
    db.session.expire_all()
    return db.session.query(DistributorList).filter_by(area_id=area_id, year=year).one()


def test_the_draft_holds_the_sites_that_operate_on_1_january(client, login_as, world, network):
    coordinator = login_as("coordinator")
    page = coordinator.get("/admin/distributor-lists").get_data(as_text=True)
    assert "Prepare next year" in page or str(NEXT_YEAR) in page
    response = prepare(coordinator, world.area.id)
    assert response.status_code == 302
    dlist = the_list(world.area.id)
    assert response.headers["Location"].endswith(f"/admin/distributor-lists/{dlist.id}")
    html = coordinator.get(f"/admin/distributor-lists/{dlist.id}").get_data(as_text=True)
    shown = shown_entries(html)
    assert shown == expected_on_new_year(world.area.id, NEXT_YEAR)
    orgs = network.orgs
    assert orgs["ended"].id not in shown and orgs["declined"].id not in shown
    assert orgs["deactivated"].id not in shown and world.other_distributor.id not in shown
    assert shown[orgs["new"].id] is False and shown[orgs["ends_later"].id] is False
    assert shown[orgs["proposed"].id] is True
    assert shown[world.distributor.id] is False
    assert "Sari Sosiaali" in html and "040 123 4567" in html and "aikuissosiaalityö" in html


def test_submit_comment_resubmit_approve(app, client, login_as, world, network, monkeypatch):
    app.config["MAIL_SERVER"] = "smtp.example"
    app.config["JOB_RUNNER"] = lambda work: work()
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "sent", [])
    coordinator = login_as("coordinator")
    prepare(coordinator, world.area.id)
    dlist_id = the_list(world.area.id).id
    url = f"/admin/distributor-lists/{dlist_id}"

    confirm = coordinator.get(f"{url}/submit")
    assert confirm.status_code == 200 and _fi(app, "Submit the list") in confirm.get_data(as_text=True)
    assert the_list(world.area.id).state == "draft"  # asking is not doing
    assert post_form(coordinator, f"{url}/submit", {}).status_code == 302
    assert the_list(world.area.id).state == "submitted"
    assert [m["To"] for m in FakeSMTP.sent] == ["admin@example.fi"]
    assert post_form(coordinator, f"{url}/submit", {}).status_code == 409
    assert post_form(coordinator, f"{url}/review", {"approve": "1"}).status_code == 403

    admin = as_user(client, "admin@example.fi")
    assert 'data-lists-waiting="1"' in admin.get("/admin").get_data(as_text=True)
    assert f'href="{url}"' in admin.get("/admin/distributor-lists").get_data(as_text=True)
    refused = post_form(admin, f"{url}/review", {"send_back": "1", "comment": "  "})
    assert refused.status_code == 400 and _fi(app, "Write what should be changed.") in refused.get_data(as_text=True)
    assert the_list(world.area.id).state == "submitted"
    del FakeSMTP.sent[:]
    assert post_form(admin, f"{url}/review", {"send_back": "1", "comment": "Puuttuuko kirjasto?"}).status_code == 302
    assert the_list(world.area.id).state == "commented"
    assert [m["To"] for m in FakeSMTP.sent] == ["coord@example.fi"]  # not the culture side, not another area
    assert "Puuttuuko kirjasto?" in FakeSMTP.sent[-1].get_content()
    assert 'data-lists-waiting="0"' in admin.get("/admin").get_data(as_text=True)

    coordinator = as_user(client, "coord@example.fi")
    page = coordinator.get(url).get_data(as_text=True)
    assert "Puuttuuko kirjasto?" in page and 'data-state="commented"' in page
    # The coordinator fixes an organisation and takes the list again: still the same list, still commented.
    library = factories.organisation("distributor", name="Kirjaston neuvonta", municipality="106")
    db.session.commit()
    assert prepare(coordinator, world.area.id).status_code == 302
    again = the_list(world.area.id)
    assert again.id == dlist_id and again.state == "commented"
    assert shown_entries(coordinator.get(url).get_data(as_text=True)) == expected_on_new_year(world.area.id, NEXT_YEAR)
    assert library.id in {entry.organisation_id for entry in again.entries}
    assert post_form(coordinator, f"{url}/submit", {}).status_code == 302
    assert the_list(world.area.id).state == "submitted"

    admin = as_user(client, "admin@example.fi")
    assert post_form(admin, f"{url}/review", {"approve": "1", "comment": ""}).status_code == 302
    approved = the_list(world.area.id)
    assert approved.state == "approved" and approved.reviewed_at is not None
    assert "approved" in FakeSMTP.sent[-1]["Subject"].lower() or "hyväksy" in FakeSMTP.sent[-1]["Subject"].lower()
    assert post_form(admin, f"{url}/review", {"approve": "1"}).status_code == 409

    coordinator = as_user(client, "coord@example.fi")
    assert prepare(coordinator, world.area.id).status_code == 409  # approved stays as approved
    actions = [row.action for row in db.session.query(AuditEntry).filter_by(target_type="distributor_list")
               .order_by(AuditEntry.id)]
    assert actions == ["distributor_list_prepared", "distributor_list_submitted", "distributor_list_commented",
                       "distributor_list_prepared", "distributor_list_submitted", "distributor_list_approved"]


def test_only_the_areas_coordinators_and_the_national_admin_see_a_list(app, client, login_as, world, network):
    coordinator = login_as("coordinator")
    prepare(coordinator, world.area.id)
    url = f"/admin/distributor-lists/{the_list(world.area.id).id}"

    other = as_user(client, "other-coord@example.fi")
    for path in (url, f"{url}.csv", f"{url}/submit"):
        assert other.get(path).status_code == 404
    assert post_form(other, f"{url}/submit", {}).status_code == 404
    assert prepare(other, world.area.id).status_code == 404
    assert url not in other.get("/admin/distributor-lists").get_data(as_text=True)
    culture = as_user(client, "culture-coord@example.fi")  # the venues' side of the same area
    assert culture.get(url).status_code == 404
    assert prepare(culture, world.area.id).status_code == 404

    for email in ("dist@example.fi", "venue@example.fi"):
        staff = as_user(client, email)
        for path in ("/admin/distributor-lists", url, f"{url}.pdf"):
            assert staff.get(path).status_code == 403
        assert post_form(staff, f"{url}/submit", {}).status_code == 403
        assert prepare(staff, world.area.id).status_code == 403
    assert the_list(world.area.id).state == "draft"

    admin = as_user(client, "admin@example.fi")
    assert admin.get(url).status_code == 200


def test_a_list_is_for_this_year_or_the_next(client, login_as, world, network):
    coordinator = login_as("coordinator")
    assert prepare(coordinator, world.area.id, NEXT_YEAR + 1).status_code == 400
    assert prepare(coordinator, world.area.id, THIS_YEAR - 1).status_code == 400
    assert db.session.query(DistributorList).count() == 0


def test_exports_read_back(client, login_as, world, network):
    coordinator = login_as("coordinator")
    prepare(coordinator, world.area.id)
    url = f"/admin/distributor-lists/{the_list(world.area.id).id}"
    expected = {org.name for org in db.session.query(Organisation).filter(
        Organisation.id.in_(expected_on_new_year(world.area.id, NEXT_YEAR)))}

    response = coordinator.get(f"{url}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows[0]) == 7
    assert {row[0] for row in rows[1:]} == expected
    sari = next(row for row in rows if row[0] == "Sosiaalityö")
    assert "Sari Sosiaali" in sari and "040 123 4567" in sari and "sari@example.fi" in sari
    proposed = next(row for row in rows if row[0] == "Ehdotettu kumppani")
    assert proposed[-1] != "" and next(row for row in rows if row[0] == "Uusi järjestö")[-1] != ""

    response = coordinator.get(f"{url}.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert {row[0] for row in values[1:]} == expected

    response = coordinator.get(f"{url}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert coordinator.get(f"{url}.txt").status_code == 404


def approve_list(client, world):
    coordinator = as_user(client, "coord@example.fi")
    prepare(coordinator, world.area.id)
    url = f"/admin/distributor-lists/{the_list(world.area.id).id}"
    assert post_form(coordinator, f"{url}/submit", {}).status_code == 302
    admin = as_user(client, "admin@example.fi")
    assert post_form(admin, f"{url}/review", {"approve": "1"}).status_code == 302


def names(sites) -> list[str]:
    return [site.name for site in sites]


def test_the_public_list_follows_the_approved_list_from_1_january(app, client, world, network):
    approve_list(client, world)
    orgs = network.orgs
    # A change after the approval does not change the approved list.
    orgs["ends_later"].name = "Kesään asti (uusi nimi)"
    db.session.commit()

    new_years_eve = date(THIS_YEAR, 12, 31)
    before = names(public_distributors(world.area.id, today=new_years_eve))
    assert before == sorted(["Sosiaalityö", "Päättyvä neuvola", "Kesään asti (uusi nimi)"], key=str.casefold)

    new_year = date(NEXT_YEAR, 1, 1)
    after = public_distributors(world.area.id, today=new_year)
    assert names(after) == sorted(["Sosiaalityö", "Kesään asti", "Uusi järjestö"], key=str.casefold)
    assert {site.municipality.code for site in after} == {"858", "186"}
    assert names(public_distributors(municipality="186", today=new_year)) == sorted(
        ["Kesään asti", "Uusi järjestö"], key=str.casefold)
    # Another area without an approved list is shown as its organisations are.
    everywhere = names(public_distributors(today=new_year))
    assert "Muu jakaja" in everywhere and "Sosiaalityö" in everywhere and "Päättyvä neuvola" not in everywhere

    # The partner that was awaiting approval is listed once the national admin approves it.
    admin = db.session.get(type(world.people["national_admin"]), world.people["national_admin"].id)
    decide(admin, db.session.get(Organisation, orgs["proposed"].id), approve=True, on=date(THIS_YEAR, 12, 1))
    db.session.commit()
    assert "Ehdotettu kumppani" in names(public_distributors(world.area.id, today=new_year))
    assert "Ehdotettu kumppani" not in names(public_distributors(world.area.id, today=new_years_eve))


def test_the_public_page_and_brochure_read_list_entries(app, client, world, network, monkeypatch):
    approve_list(client, world)
    # The pages ask for today's list; make "today" the list's first day.
    import app.network.offers as offers
    monkeypatch.setattr(offers, "helsinki_date", lambda _now: date(NEXT_YEAR, 1, 1))
    page = client.get(f"/distributors?area={world.area.id}").get_data(as_text=True)
    assert "Uusi järjestö" in page and "Päättyvä neuvola" not in page
    brochure = client.get(f"/offers/brochure?area={world.area.id}").get_data(as_text=True)
    assert "Uusi järjestö" in brochure
    pdf = client.get(f"/offers/brochure.pdf?area={world.area.id}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def _fi(app, msgid: str) -> str:
    """The Finnish text the pages show (the default language)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("fi"):
        return gettext(msgid)
