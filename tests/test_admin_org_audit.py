"""Organisations are audited with before and after values: added, edited, approved, declined,
deactivated and reactivated, from the admin screens and from the operators' command line."""
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Organisation
from tests import factories
from tests.conftest import post_form as post

pytestmark = pytest.mark.db

CONTACT = {"contact_name": "Maija Meikäläinen", "contact_email": "maija@tuusula.fi", "contact_phone": "040 123 4567"}


def entries(action: str | None = None) -> list[AuditEntry]:
    db.session.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def venue_with_contact(world) -> Organisation:
    venue = world.venue
    venue.contact_name, venue.contact_email, venue.contact_phone = "Matti Virtanen", "matti@teatteri.fi", "040 111"
    db.session.commit()
    return venue


def edit(client, org: Organisation, **changed):
    data = {"name": org.name, "municipality_code": org.municipality_code, "default_category": org.default_category,
            "contact_name": org.contact_name, "contact_email": org.contact_email,
            "contact_phone": org.contact_phone, **changed}
    return post(client, f"/admin/organisations/{org.id}", data)


def test_editing_name_and_contact_writes_one_entry_with_exactly_the_changed_fields(login_as, world):
    venue = venue_with_contact(world)
    client = login_as("coordinator")
    response = edit(client, venue, name="Kaupunginteatteri", contact_name="Liisa Laine",
                    contact_email="Liisa@Teatteri.fi")
    assert response.status_code == 302
    [entry] = entries()
    assert (entry.action, entry.target_type, entry.target_id, entry.area_id, entry.user_id) == \
        ("org_changed", "organisation", str(venue.id), world.area.id, world.people["coordinator"].id)
    assert entry.details == {"changes": {
        "name": {"before": "Teatteri", "after": "Kaupunginteatteri"},
        "contact_name": {"before": "Matti Virtanen", "after": "Liisa Laine"},
        "contact_email": {"before": "matti@teatteri.fi", "after": "liisa@teatteri.fi"},
    }}


def test_saving_without_changes_writes_no_entry(login_as, world):
    venue = venue_with_contact(world)
    client = login_as("coordinator")
    assert edit(client, venue, contact_email="MATTI@teatteri.fi").status_code == 302
    assert entries() == []


def test_moving_to_another_municipality_and_category_is_audited(login_as, world):
    venue = venue_with_contact(world)
    client = login_as("coordinator")
    assert edit(client, venue, municipality_code="858", default_category="sports").status_code == 302
    [entry] = entries()
    assert entry.details == {"changes": {"municipality_code": {"before": "186", "after": "858"},
                                         "default_category": {"before": "culture", "after": "sports"}}}


def test_adding_an_organisation_writes_its_initial_values(login_as, world):
    client = login_as("coordinator")
    response = post(client, "/admin/organisations/new", {"kind": "venue", "name": "Kirjasto",
                                                         "municipality_code": "858", "default_category": "sports",
                                                         **CONTACT})
    assert response.status_code == 302
    org = db.session.scalars(select(Organisation).where(Organisation.name == "Kirjasto")).one()
    [entry] = entries()
    assert (entry.action, entry.target_id, entry.area_id, entry.user_id) == \
        ("org_created", str(org.id), world.area.id, world.people["coordinator"].id)
    assert entry.details == {"values": {"kind": "venue", "name": "Kirjasto", "municipality_code": "858",
                                        "default_category": "sports", **CONTACT, "approval_state": "proposed"}}


def test_approval_and_decline_carry_the_state_before_and_after(login_as, world):
    first = factories.organisation("distributor", name="Uusi jakaja", approved=False)
    second = factories.organisation("distributor", name="Toinen jakaja", approved=False)
    db.session.commit()
    client = login_as("national_admin")
    assert post(client, f"/admin/organisations/{first.id}/decision", {"decision": "approve"}).status_code == 302
    assert post(client, f"/admin/organisations/{second.id}/decision",
                {"decision": "decline", "reason": "Not a sote service"}).status_code == 302
    approved, declined = entries()
    starts = date(factories.today().year + 1, 1, 1).isoformat()
    assert approved.action == "org_approved"
    assert approved.details["changes"] == {"approval_state": {"before": "proposed", "after": "approved"},
                                           "approved_from": {"before": None, "after": starts}}
    assert declined.action == "org_declined" and declined.details["reason"] == "Not a sote service"
    assert declined.details["changes"] == {"approval_state": {"before": "proposed", "after": "declined"}}


def test_deactivation_and_reactivation_carry_the_state_before_and_after(login_as, world):
    client = login_as("national_admin")
    url = f"/admin/organisations/{world.venue.id}"
    assert post(client, f"{url}/deactivate", {"reason": "Closed down"}).status_code == 302
    assert post(client, f"{url}/reactivate", {}).status_code == 302
    deactivated, reactivated = entries()
    assert (deactivated.action, deactivated.details) == ("org_deactivated", {
        "changes": {"approval_state": {"before": "approved", "after": "deactivated"}}, "reason": "Closed down"})
    assert (reactivated.action, reactivated.details) == ("org_reactivated", {
        "changes": {"approval_state": {"before": "deactivated", "after": "approved"}}})


def test_the_command_line_audits_the_organisation_it_creates_as_the_system(app):
    result = app.test_cli_runner().invoke(args=["orgs", "create", "--kind", "venue", "--name", "Oulun teatteri",
                                                "--municipality", "564", "--contact-name", "Olli"])
    assert result.exit_code == 0, result.output
    org_id = result.output.strip().splitlines()[-1]
    [entry] = entries()
    assert (entry.action, entry.target_id, entry.user_id, entry.api_key_id) == ("org_created", org_id, None, None)
    assert entry.details["values"] == {"kind": "venue", "name": "Oulun teatteri", "municipality_code": "564",
                                       "default_category": "culture", "contact_name": "Olli",
                                       "approval_state": "approved",
                                       "approved_from": factories.today().isoformat()}


def test_the_audit_log_shows_what_changed_from_what_to_what_in_words(login_as, client, world):
    venue = venue_with_contact(world)
    coordinator = login_as("coordinator")
    assert edit(coordinator, venue, name="Kaupunginteatteri", municipality_code="858").status_code == 302
    deactivate = f"/admin/organisations/{venue.id}/deactivate"
    assert post(coordinator, deactivate, {"reason": "Closed down"}).status_code == 302
    page = coordinator.get("/admin/audit").get_data(as_text=True)
    assert 'data-action="org_changed"' in page and 'data-action="org_deactivated"' in page
    assert '<span data-field="name">Nimi: Teatteri → Kaupunginteatteri</span>' in page
    assert '<span data-field="municipality_code">Kunta: Järvenpää → Tuusula</span>' in page
    assert '<span data-field="approval_state">Tila: Hyväksytty → Poistettu käytöstä</span>' in page
    assert '<span data-field="reason">Syy: Closed down</span>' in page
    assert "{&#39;before&#39;" not in page and "{'before'" not in page
