"""The two kinds of commitment: the area's coordination commitment, acknowledged by the area's coordinators of
both sides, beside the partner commitment that distributors and venues acknowledge."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, CommitmentVersion
from app.models.contact import CoordinationAck
from app.network import commitments
from app.network.operating import site_problem
from tests import factories
from tests.conftest import login, post_form as post

pytestmark = pytest.mark.db

TEXTS = {"version": "2026-1", "text_fi": "Yhteisrekisterinpitäjinä sitoudumme.",
         "text_sv": "Som gemensamt personuppgiftsansvariga förbinder vi oss.",
         "text_en": "As joint controllers we commit.", "understood": "y"}
PAGE = "/admin/commitments/coordination"


def coordinators(world):
    """The area's culture-side and sote-side coordinators, signed in on their own clients."""
    culture = factories.user("coordinator", area_obj=world.area, side="culture", email="kulttuuri@example.fi")
    sote = factories.user("coordinator", area_obj=world.area, side="sote", email="sote@example.fi")
    db.session.commit()
    return culture, sote


def signed_in(app, email):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def publish(admin, texts=TEXTS):
    response = post(admin, f"{PAGE}/new", texts)
    assert response.status_code == 302, response.get_data(as_text=True)


def area_row(page: str, area_id: int) -> str:
    return page.split(f'data-area="{area_id}"')[1].split("</tr>")[0]


def test_publishing_a_coordination_version_needs_the_confirmation_and_is_audited(login_as, world):
    client = login_as("national_admin")
    assert post(client, f"{PAGE}/new", {**TEXTS, "understood": ""}).status_code == 400
    assert post(client, f"{PAGE}/new", TEXTS).status_code == 302
    version = db.session.scalars(select(CommitmentVersion)).one()
    assert (version.kind, version.version) == ("coordination", "2026-1")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "commitment_published")).one()
    assert entry.details["commitment_kind"] == "coordination"
    # The same label again is refused for the same kind, but a partner version may carry it.
    assert post(client, f"{PAGE}/new", TEXTS).status_code == 400
    assert post(client, "/admin/commitments/new", TEXTS).status_code == 302
    assert sorted(db.session.scalars(select(CommitmentVersion.kind))) == ["coordination", "partner"]


def test_a_coordinator_cannot_publish_it(login_as, world):
    assert post(login_as("coordinator"), f"{PAGE}/new", TEXTS).status_code == 403


def test_both_sides_acknowledging_completes_the_area(app, login_as, world):
    culture, sote = coordinators(world)
    admin = login_as("national_admin")
    publish(admin)
    area_id = world.area.id

    culture_client = signed_in(app, culture.email)
    page = culture_client.get(f"{PAGE}/{area_id}").get_data(as_text=True)
    assert TEXTS["text_fi"] in page  # the text is read in the person's language before confirming
    assert post(culture_client, f"{PAGE}/{area_id}", {"side": "culture"}).status_code == 400  # not confirmed
    assert post(culture_client, f"{PAGE}/{area_id}", {"side": "sote", "confirm": "y"}).status_code == 400
    assert post(culture_client, f"{PAGE}/{area_id}", {"side": "culture", "confirm": "y"}).status_code == 302

    status = admin.get(PAGE).get_data(as_text=True)
    assert 'data-complete="no"' in area_row(status, area_id)

    sote_client = signed_in(app, sote.email)
    assert post(sote_client, f"{PAGE}/{area_id}", {"side": "sote", "confirm": "y"}).status_code == 302
    row = area_row(admin.get(PAGE).get_data(as_text=True), area_id)
    assert 'data-complete="yes"' in row
    acks = db.session.scalars(select(CoordinationAck).order_by(CoordinationAck.side)).all()
    assert [(a.side, a.user_id) for a in acks] == [("culture", culture.id), ("sote", sote.id)]
    audited = db.session.scalars(select(AuditEntry.details).where(AuditEntry.action == "coordination_acknowledged"))
    assert sorted(d["side"] for d in audited) == ["culture", "sote"]
    # Acknowledging the same side again is refused.
    assert post(sote_client, f"{PAGE}/{area_id}", {"side": "sote", "confirm": "y"}).status_code == 400


def test_one_side_only_leaves_it_incomplete_and_the_other_area_untouched(app, login_as, world):
    culture, _sote = coordinators(world)
    admin = login_as("national_admin")
    publish(admin)
    client = signed_in(app, culture.email)
    assert post(client, f"{PAGE}/{world.area.id}", {"side": "culture", "confirm": "y"}).status_code == 302
    page = admin.get(PAGE).get_data(as_text=True)
    row = area_row(page, world.area.id)
    assert 'data-complete="no"' in row and 'data-side="sote"' in row
    assert 'data-complete="no"' in area_row(page, world.other_area.id)


def test_a_newer_version_must_be_acknowledged_again(app, login_as, world):
    culture, sote = coordinators(world)
    admin = login_as("national_admin")
    publish(admin)
    for person, side in ((culture, "culture"), (sote, "sote")):
        assert post(signed_in(app, person.email), f"{PAGE}/{world.area.id}",
                    {"side": side, "confirm": "y"}).status_code == 302
    publish(admin, {**TEXTS, "version": "2027-1"})
    row = area_row(admin.get(PAGE).get_data(as_text=True), world.area.id)
    assert 'data-complete="no"' in row


def test_a_coordinator_of_another_area_cannot_acknowledge_for_this_one(app, login_as, world):
    other = factories.user("coordinator", area_obj=world.other_area, side="both", email="oulu@example.fi")
    db.session.commit()
    admin = login_as("national_admin")
    publish(admin)
    client = signed_in(app, other.email)
    assert client.get(f"{PAGE}/{world.area.id}").status_code == 404
    assert post(client, f"{PAGE}/{world.area.id}", {"side": "culture", "confirm": "y"}).status_code == 404
    assert db.session.scalars(select(CoordinationAck)).first() is None


@pytest.mark.parametrize("role", ["venue", "distributor"])
def test_distributor_and_venue_staff_cannot_acknowledge_it(app, login_as, world, role):
    publish(login_as("national_admin"))
    client = signed_in(app, world.people[role].email)
    assert post(client, f"{PAGE}/{world.area.id}", {"side": "culture", "confirm": "y"}).status_code == 403
    assert client.get(PAGE).status_code == 403
    assert db.session.scalars(select(CoordinationAck)).first() is None


def test_the_coordinator_start_page_points_to_the_waiting_acknowledgement(app, login_as, world):
    culture, _sote = coordinators(world)
    admin = login_as("national_admin")
    publish(admin)
    client = signed_in(app, culture.email)
    assert f"{PAGE}/{world.area.id}" in client.get("/admin").get_data(as_text=True)
    assert post(client, f"{PAGE}/{world.area.id}", {"side": "culture", "confirm": "y"}).status_code == 302
    assert f"{PAGE}/{world.area.id}" not in client.get("/admin").get_data(as_text=True)


def test_the_partner_flow_ignores_coordination_versions(app, login_as, world):
    """A coordination version stops no desk, and the partner acknowledgement still follows the partner version."""
    partner = factories.publish_commitment("2026-1")
    factories.acknowledge(world.venue, partner)
    db.session.commit()
    today = factories.today()
    assert site_problem(world.venue, today) is None
    publish(login_as("national_admin"), {**TEXTS, "version": "2026-2"})
    assert commitments.published().latest_id == partner.id
    assert site_problem(world.venue, today) is None
    assert site_problem(world.distributor, today).code == "commitment_missing"
    assert commitments.current_version().id == partner.id
    # The venue's acknowledgement page still shows the partner text, and acknowledging it works.
    client = signed_in(app, world.people["distributor"].email)
    assert ">fi<" in client.get("/commitment").get_data(as_text=True)
    assert post(client, "/commitment", {"site": str(world.distributor.id)}).status_code == 302
    assert site_problem(world.distributor, today) is None
