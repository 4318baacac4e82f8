"""Organisations and areas in the admin area: scope, approval, deactivation, audit."""
from datetime import date

import pytest
from sqlalchemy import select

from app.network.operating import organisation_active
from app.extensions import db
from app.models import Area, AuditEntry, Municipality, Organisation
from tests import factories
from tests.conftest import Api, csrf_from, login, post_form as post
from tests.factories import ActiveCardFactory

pytestmark = pytest.mark.db

CONTACT = {"contact_name": "Maija Meikäläinen", "contact_email": "maija@tuusula.fi", "contact_phone": "040 123 4567"}



def new_org(client, kind, name, municipality="858", **extra):
    data = {"kind": kind, "name": name, "municipality_code": municipality, "default_category": "sports",
            **CONTACT, **extra}
    return post(client, "/admin/organisations/new", data)


def org_named(name) -> Organisation:
    db.session.expire_all()
    return db.session.scalars(select(Organisation).where(Organisation.name == name)).one()


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_coordinator_creates_a_venue_and_a_distributor_in_its_area(login_as, world):
    client = login_as("coordinator")
    assert new_org(client, "venue", "Kirjasto").status_code == 302
    assert new_org(client, "distributor", "Nuorisopalvelut").status_code == 302
    venue, distributor = org_named("Kirjasto"), org_named("Nuorisopalvelut")
    assert (venue.kind, venue.approval_state, venue.area_id, venue.default_category) == \
        ("venue", "proposed", world.area.id, "sports")
    assert distributor.approval_state == "proposed" and distributor.contact_email == "maija@tuusula.fi"
    listing = client.get("/admin/organisations").get_data(as_text=True)
    assert "Kirjasto" in listing and "Nuorisopalvelut" in listing


def test_contact_person_is_required(login_as, world):
    client = login_as("coordinator")
    response = new_org(client, "venue", "Kirjasto", contact_phone="")
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.scalars(select(Organisation).where(Organisation.name == "Kirjasto")).first() is None


def test_coordinator_cannot_add_in_another_area_nor_see_its_organisations(login_as, world):
    client = login_as("coordinator")
    assert new_org(client, "venue", "Oulun museo", municipality="564").status_code == 403
    assert db.session.scalars(select(Organisation).where(Organisation.name == "Oulun museo")).first() is None
    assert "Muu teatteri" not in client.get("/admin/organisations").get_data(as_text=True)
    assert client.get(f"/admin/organisations/{world.other_venue.id}").status_code == 404
    response = post(client, f"/admin/organisations/{world.other_venue.id}",
                    {"name": "Renamed", "municipality_code": "564", **CONTACT})
    assert response.status_code == 404 and org_named("Muu teatteri").name == "Muu teatteri"


def test_culture_side_coordinator_sees_only_venues(client, world):
    coordinator = factories.user("coordinator", area_obj=world.area, side="culture")
    db.session.commit()
    login(client, coordinator.email)
    listing = client.get("/admin/organisations").get_data(as_text=True)
    assert "Teatteri" in listing and "Sosiaalityö" not in listing
    assert new_org(client, "distributor", "Jakaja").status_code == 403


def test_national_admin_sees_every_area_and_filters_by_area(login_as, world):
    client = login_as("national_admin")
    everything = client.get("/admin/organisations").get_data(as_text=True)
    assert "Muu teatteri" in everything and "Teatteri" in everything
    oulu = client.get(f"/admin/organisations?area={world.other_area.id}").get_data(as_text=True)
    assert "Muu teatteri" in oulu and "Sosiaalityö" not in oulu


def test_distributor_approval_takes_effect_next_first_of_january(login_as, world):
    proposed = factories.organisation("distributor", name="Uusi jakaja", approved=False)
    db.session.commit()
    client = login_as("national_admin")
    response = post(client, f"/admin/organisations/{proposed.id}/decision", {"decision": "approve"})
    assert response.status_code == 302
    org = org_named("Uusi jakaja")
    today = factories.today()
    assert org.approval_state == "approved" and org.approved_from == date(today.year + 1, 1, 1)
    assert not organisation_active(org, today)
    assert organisation_active(org, date(today.year + 1, 1, 1))
    assert actions() == ["org_approved"]


def test_override_with_a_reason_starts_today(login_as, world):
    proposed = factories.organisation("distributor", name="Uusi jakaja", approved=False)
    db.session.commit()
    client = login_as("national_admin")
    url = f"/admin/organisations/{proposed.id}/decision"
    assert post(client, url, {"decision": "approve", "override": "y"}).status_code == 400
    assert org_named("Uusi jakaja").approval_state == "proposed"
    assert post(client, url, {"decision": "approve", "override": "y", "reason": "Pilot"}).status_code == 302
    org = org_named("Uusi jakaja")
    assert org.approved_from == factories.today() and org.approval_note == "Pilot"
    assert organisation_active(org, factories.today())


def test_decline_needs_a_reason_and_is_audited(login_as, world):
    proposed = factories.organisation("distributor", name="Uusi jakaja", approved=False)
    db.session.commit()
    client = login_as("national_admin")
    url = f"/admin/organisations/{proposed.id}/decision"
    assert post(client, url, {"decision": "decline"}).status_code == 400
    assert post(client, url, {"decision": "decline", "reason": "Not a sote service"}).status_code == 302
    org = org_named("Uusi jakaja")
    assert (org.approval_state, org.approval_note) == ("declined", "Not a sote service")
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.area_id, entry.details["reason"]) == ("org_declined", world.area.id,
                                                                      "Not a sote service")


def test_coordinator_approves_a_venue_at_once_but_never_a_distributor(login_as, world):
    venue = factories.organisation("venue", name="Uusi kohde", approved=False)
    distributor = factories.organisation("distributor", name="Uusi jakaja", approved=False)
    db.session.commit()
    client = login_as("coordinator")
    assert client.get(f"/admin/organisations/{distributor.id}/decision").status_code == 403
    assert post(client, f"/admin/organisations/{distributor.id}/decision",
                {"decision": "approve"}).status_code == 403
    assert post(client, f"/admin/organisations/{venue.id}/decision", {"decision": "approve"}).status_code == 302
    assert org_named("Uusi kohde").approved_from == factories.today()
    assert org_named("Uusi jakaja").approval_state == "proposed"


def test_deactivation_is_confirmed_stops_the_venue_and_can_be_undone_nationally(app, login_as, client, world):
    venue_api = Api(app.test_client(), world.keys["venue"])
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    coordinator = login_as("coordinator")
    url = f"/admin/organisations/{world.venue.id}/deactivate"
    assert "Closed down" not in coordinator.get(url).get_data(as_text=True)
    assert post(coordinator, url, {}).status_code == 400
    assert org_named("Teatteri").approval_state == "approved"
    assert post(coordinator, url, {"reason": "Closed down"}).status_code == 302
    assert org_named("Teatteri").approval_state == "deactivated"
    assert venue_api.get(f"/api/v1/cards/{card.id}").get_json()["reason"] == "organisation_not_active"
    assert post(coordinator, f"/admin/organisations/{world.venue.id}/reactivate", {}).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    admin = login_as("national_admin")
    assert post(admin, f"/admin/organisations/{world.venue.id}/reactivate", {}).status_code == 302
    assert venue_api.get(f"/api/v1/cards/{card.id}").get_json()["reason"] == "valid"
    assert actions() == ["org_deactivated", "org_reactivated"]


def test_national_admin_creates_an_area_from_free_municipalities(login_as, world):
    client = login_as("national_admin")
    taken = post(client, "/admin/areas/new", {"name": "Lappi", "county_code": "21", "municipalities": ["858"]})
    assert taken.status_code == 400
    response = post(client, "/admin/areas/new", {"name": "Lappi", "county_code": "21",
                                                  "municipalities": ["698", "320"]})
    assert response.status_code == 302
    area = db.session.scalars(select(Area).where(Area.name == "Lappi")).one()
    assert {m.code for m in db.session.scalars(select(Municipality).where(Municipality.area_id == area.id))} == \
        {"698", "320"}
    assert actions() == ["area_created"]


def test_coordinator_cannot_create_an_area(login_as, world):
    client = login_as("coordinator")
    assert post(client, "/admin/areas/new", {"name": "Lappi", "municipalities": ["698"]}).status_code == 403
