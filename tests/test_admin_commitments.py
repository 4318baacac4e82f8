"""Publishing the commitment, acknowledging it, and who has not yet."""
import pytest
from sqlalchemy import select

from app.network.operating import organisation_active
from app.extensions import db
from app.models import AuditEntry, CommitmentAck, CommitmentVersion
from tests import factories
from tests.conftest import Api, login, post_form as post
from tests.factories import ActiveCardFactory

pytestmark = pytest.mark.db

TEXTS = {"version": "2026-1", "text_fi": "Sitoudumme toimintamalliin.", "text_sv": "Vi förbinder oss.",
         "text_en": "We commit to the operating model."}



def test_publishing_needs_the_confirmation_and_stops_every_organisation_until_acknowledged(app, login_as, world):
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    client = login_as("national_admin")
    assert post(client, "/admin/commitments/new", TEXTS).status_code == 400
    assert db.session.scalars(select(CommitmentVersion)).first() is None
    assert post(client, "/admin/commitments/new", {**TEXTS, "understood": "y"}).status_code == 302
    today = factories.today()
    assert not organisation_active(world.venue, today) and not organisation_active(world.distributor, today)
    venue_api = Api(app.test_client(), world.keys["venue"])
    assert venue_api.get(f"/api/v1/cards/{card.id}").get_json()["reason"] == "organisation_not_active"
    assert db.session.scalars(select(AuditEntry.action)).all() == ["commitment_published"]
    assert post(client, "/admin/commitments/new", {**TEXTS, "understood": "y"}).status_code == 400


def test_a_coordinator_cannot_publish(login_as, world):
    client = login_as("coordinator")
    assert post(client, "/admin/commitments/new", {**TEXTS, "understood": "y"}).status_code == 403


def test_venue_user_reads_the_text_in_its_language_and_acknowledges(app, login_as, world):
    card = ActiveCardFactory.create(world.distributor)
    factories.publish_commitment()
    db.session.commit()
    client = login_as("venue")
    post(client, "/language", {"lang": "sv"})
    page = client.get("/commitment").get_data(as_text=True)
    assert ">sv<" in page and "Teatteri" in page
    assert post(client, "/commitment", {"site": str(world.distributor.id)}).status_code == 403
    assert post(client, "/commitment", {"site": str(world.venue.id)}).status_code == 302
    ack = db.session.scalars(select(CommitmentAck)).one()
    assert (ack.organisation_id, ack.user_id) == (world.venue.id, world.people["venue"].id)
    assert organisation_active(world.venue, factories.today())
    venue_api = Api(app.test_client(), world.keys["venue"])
    assert venue_api.get(f"/api/v1/cards/{card.id}").get_json()["reason"] == "valid"
    assert "Teatteri" in client.get("/commitment").get_data(as_text=True)
    assert post(client, "/commitment", {"site": str(world.venue.id)}).status_code == 409


def test_coordinator_sees_who_has_not_acknowledged_in_its_area_only(client, world):
    version = factories.publish_commitment()
    factories.acknowledge(world.venue, version)
    db.session.commit()
    login(client, world.people["coordinator"].email)
    page = client.get("/admin/commitments").get_data(as_text=True)
    assert "Sosiaalityö" in page
    assert "Teatteri" not in page.split('id="missing"')[1]
    assert "Muu teatteri" not in page and "Muu jakaja" not in page


def test_national_admin_sees_every_area_missing(login_as, world):
    factories.publish_commitment()
    db.session.commit()
    page = login_as("national_admin").get("/admin/commitments").get_data(as_text=True)
    assert "Oulu" in page and "Muu jakaja" in page and "Keski-Uusimaa" in page
