"""Contacts: the area's coordinators' details and feedback e-mail kept by its coordinators, every contact change
reported to the national centre (its start page, and e-mail where configured), and the public area page."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Area, AuditEntry
from app.models.contact import AreaContact, ContactChange
from tests import factories
from tests.conftest import login, post_form as post
from tests.fake_mail import NATIONAL_CENTRE

pytestmark = pytest.mark.db

CENTRE = NATIONAL_CENTRE
CONTACT = {"side": "culture", "name": "Kaisa Kulttuuri", "title": "Kulttuurikoordinaattori",
           "email": "kaisa.kulttuuri@kunta.example", "phone": "040 123 4567", "public": "y", "user_id": "0"}


def signed_in(app, email):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def unseen_on_start_page(client) -> str:
    page = client.get("/admin").get_data(as_text=True)
    return page.split('id="admin-contacts-title"')[1].split("</section>")[0]


def test_a_coordinator_adds_a_contact_and_the_national_centre_sees_it_until_marked_seen(app, login_as, world):
    coordinator = login_as("coordinator")
    response = post(coordinator, f"/admin/contacts/{world.area.id}/new", CONTACT)
    assert response.status_code == 302, response.get_data(as_text=True)
    contact = db.session.scalars(select(AreaContact)).one()
    assert (contact.area_id, contact.name, contact.phone, contact.public) == (
        world.area.id, "Kaisa Kulttuuri", "040 123 4567", True)
    assert "Kaisa Kulttuuri" in coordinator.get("/admin/contacts").get_data(as_text=True)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "area_contact_added")).one()
    assert entry.area_id == world.area.id and entry.user_id == world.people["coordinator"].id

    admin = signed_in(app, world.people["national_admin"].email)
    part = unseen_on_start_page(admin)
    change = db.session.scalars(select(ContactChange)).one()
    assert f'data-change="{change.id}"' in part and "Kaisa Kulttuuri" in part and "040 123 4567" in part
    assert post(admin, "/admin/contacts/changes/seen", {"change": str(change.id)}).status_code == 302
    part = unseen_on_start_page(admin)
    assert f'data-change="{change.id}"' not in part and "data-no-contact-changes" in part
    db.session.refresh(change)
    assert change.seen_by_id == world.people["national_admin"].id


def test_an_organisation_contact_person_change_is_listed_and_mark_all_clears_it(app, login_as, world):
    coordinator = login_as("coordinator")
    venue = world.venue
    form = {"name": venue.name, "municipality_code": venue.municipality_code, "default_category": "culture",
            "contact_name": "Uusi Yhteyshenkilö", "contact_email": "uusi@teatteri.example", "contact_phone": "09 111"}
    assert post(coordinator, f"/admin/organisations/{venue.id}", form).status_code == 302
    # A change of the name alone is not a contact change.
    assert post(coordinator, f"/admin/organisations/{venue.id}", {**form, "name": "Teatteri Uusi"}).status_code == 302
    change = db.session.scalars(select(ContactChange)).one()
    assert (change.kind, change.organisation_id, change.area_id) == ("organisation", venue.id, world.area.id)
    assert change.changes["contact_name"]["after"] == "Uusi Yhteyshenkilö"

    admin = signed_in(app, world.people["national_admin"].email)
    assert "Uusi Yhteyshenkilö" in unseen_on_start_page(admin)
    assert post(admin, "/admin/contacts/changes/seen", {}).status_code == 302
    assert "Uusi Yhteyshenkilö" not in unseen_on_start_page(admin)


def test_the_national_centre_is_mailed_where_mail_is_configured(app, login_as, world, mail_server):
    coordinator = login_as("coordinator")
    assert post(coordinator, f"/admin/contacts/{world.area.id}", {"feedback_email": "palaute@alue.example"}
                ).status_code == 302
    assert db.session.get(Area, world.area.id).feedback_email == "palaute@alue.example"
    assert [m["To"] for m in mail_server.sent] == [CENTRE]
    body = mail_server.sent[0].get_content()
    assert "palaute@alue.example" in body and world.area.name in body
    # Saving the same address again changes nothing and mails nobody.
    assert post(coordinator, f"/admin/contacts/{world.area.id}", {"feedback_email": "palaute@alue.example"}
                ).status_code == 302
    assert len(mail_server.sent) == 1 and db.session.scalars(select(ContactChange)).all() != []


def test_without_a_centre_address_nothing_is_mailed_but_the_change_is_listed(app, login_as, world, mail_server):
    app.config["NATIONAL_CENTRE_EMAIL"] = ""
    assert post(login_as("coordinator"), f"/admin/contacts/{world.area.id}/new", CONTACT).status_code == 302
    assert mail_server.sent == []
    assert len(db.session.scalars(select(ContactChange)).all()) == 1


def test_editing_and_removing_a_contact_are_recorded(app, login_as, world):
    coordinator = login_as("coordinator")
    assert post(coordinator, f"/admin/contacts/{world.area.id}/new", CONTACT).status_code == 302
    contact = db.session.scalars(select(AreaContact)).one()
    url = f"/admin/contacts/{world.area.id}/{contact.id}"
    assert post(coordinator, url, {**CONTACT, "phone": "050 999"}).status_code == 302
    assert coordinator.get(f"{url}/remove").status_code == 200  # the confirmation
    assert db.session.get(AreaContact, contact.id) is not None
    assert post(coordinator, f"{url}/remove", {}).status_code == 302
    assert db.session.get(AreaContact, contact.id) is None
    kinds = [c.kind for c in db.session.scalars(select(ContactChange).order_by(ContactChange.id))]
    assert kinds == ["contact_added", "contact_changed", "contact_removed"]
    changed = db.session.scalars(select(ContactChange).where(ContactChange.kind == "contact_changed")).one()
    assert changed.changes == {"phone": {"before": "040 123 4567", "after": "050 999"}}


def test_a_coordinator_linked_contact_uses_the_persons_address(app, login_as, world):
    coordinator = login_as("coordinator")
    person = world.people["coordinator"]
    data = {**CONTACT, "email": "", "user_id": str(person.id)}
    assert post(coordinator, f"/admin/contacts/{world.area.id}/new", data).status_code == 302
    page = app.test_client().get(f"/distributors?area={world.area.id}").get_data(as_text=True)
    assert person.email in page
    # Someone who is not a coordinator of the area cannot be linked.
    other = {**data, "user_id": str(world.people["venue"].id)}
    assert post(coordinator, f"/admin/contacts/{world.area.id}/new", other).status_code == 400


def test_another_areas_coordinator_cannot_see_or_edit(app, login_as, world):
    assert post(login_as("coordinator"), f"/admin/contacts/{world.area.id}/new", CONTACT).status_code == 302
    contact = db.session.scalars(select(AreaContact)).one()
    other = factories.user("coordinator", area_obj=world.other_area, email="oulu@example.fi")
    db.session.commit()
    client = signed_in(app, other.email)
    base = f"/admin/contacts/{world.area.id}"
    assert client.get(base).status_code == 404
    assert post(client, base, {"feedback_email": "x@y.example"}).status_code == 404
    assert post(client, f"{base}/new", CONTACT).status_code == 404
    assert post(client, f"{base}/{contact.id}", {**CONTACT, "name": "Muutettu"}).status_code == 404
    assert post(client, f"{base}/{contact.id}/remove", {}).status_code == 404
    # Nor through its own area's address.
    assert post(client, f"/admin/contacts/{world.other_area.id}/{contact.id}", CONTACT).status_code == 404
    assert "Kaisa Kulttuuri" not in client.get("/admin/contacts").get_data(as_text=True)
    assert db.session.get(AreaContact, contact.id).name == "Kaisa Kulttuuri"
    assert post(client, "/admin/contacts/changes/seen", {}).status_code == 403  # only the national centre


@pytest.mark.parametrize("role", ["venue", "distributor"])
def test_site_staff_cannot_open_contacts(login_as, world, role):
    client = login_as(role)
    assert client.get("/admin/contacts").status_code == 403
    assert post(client, f"/admin/contacts/{world.area.id}/new", CONTACT).status_code == 403


def test_the_national_admin_sees_every_area(login_as, world):
    page = login_as("national_admin").get("/admin/contacts").get_data(as_text=True)
    assert world.area.name in page and world.other_area.name in page


def test_the_public_area_page_shows_public_contacts_and_the_feedback_address(app, login_as, world):
    coordinator = login_as("coordinator")
    assert post(coordinator, f"/admin/contacts/{world.area.id}/new", CONTACT).status_code == 302
    hidden = {**CONTACT, "name": "Salainen Sote", "side": "sote", "email": "salainen@hva.example", "public": ""}
    assert post(coordinator, f"/admin/contacts/{world.area.id}/new", hidden).status_code == 302
    assert post(coordinator, f"/admin/contacts/{world.area.id}", {"feedback_email": "palaute@alue.example"}
                ).status_code == 302

    page = app.test_client().get(f"/distributors?area={world.area.id}").get_data(as_text=True)
    assert "Kaisa Kulttuuri" in page and "Kulttuurikoordinaattori" in page and "040 123 4567" in page
    assert "kaisa.kulttuuri@kunta.example" in page
    assert 'href="mailto:palaute@alue.example"' in page
    assert "Salainen Sote" not in page and "salainen@hva.example" not in page
    other = app.test_client().get(f"/distributors?area={world.other_area.id}").get_data(as_text=True)
    assert "Kaisa Kulttuuri" not in other and "palaute@alue.example" not in other
