"""Inviting people by a one-time link, revoking access, resetting passwords; no role wider than one's own."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Invitation, Membership, User
from app.models.base import utcnow
from tests import factories
from tests.conftest import csrf_from, login, post_form as post
from tests.fake_mail import FakeSMTP

pytestmark = pytest.mark.db

NEW_PASSWORD = "a new long password"



def invite(client, **data):
    return post(client, "/admin/people/invite", {"side": "both", **data})


def shown_link(client) -> str:
    page = client.get("/admin/people/link").get_data(as_text=True)
    match = re.search(r'value="(https://kortti\.example/invitation/[^"]+)"', page)
    assert match, page
    return match.group(1).removeprefix("https://kortti.example")


def invited_link(client, **data) -> str:
    assert invite(client, **data).status_code == 302
    return shown_link(client)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_invitation_end_to_end(app, login_as, world):
    coordinator = login_as("coordinator")
    url = invited_link(coordinator, email="Uusi@Teatteri.fi", role="venue", organisation_id=str(world.venue.id))
    assert coordinator.get("/admin/people/link").status_code == 302  # shown once
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.token_hash != url.rsplit("/", 1)[1] and invitation.email == "uusi@teatteri.fi"
    assert invitation.expires_at - utcnow() > timedelta(days=6, hours=23)

    person = app.test_client()
    page = person.get(url).get_data(as_text=True)
    assert "uusi@teatteri.fi" in page
    assert post(person, url, {"password": "short", "confirm": "short"}).status_code == 400
    assert post(person, url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"}).status_code == 400
    response = post(person, url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/scan"
    assert person.get("/scan").status_code == 200
    user = db.session.scalars(select(User).where(User.email == "uusi@teatteri.fi")).one()
    assert [(m.role, m.organisation_id) for m in user.memberships] == [("venue", world.venue.id)]
    assert actions() == ["role_invited", "role_granted"]
    assert login(app.test_client(), "uusi@teatteri.fi", NEW_PASSWORD).status_code == 302
    used = app.test_client().get(url)
    assert used.status_code == 410 and 'data-link-problem="used"' in used.get_data(as_text=True)


def test_coordinator_invites_a_coordinator_for_its_own_area_with_a_narrower_side(app, login_as, world):
    coordinator = login_as("coordinator")
    url = invited_link(coordinator, email="kulttuuri@tuusula.fi", role="coordinator",
                       area_id=str(world.area.id), side="culture")
    person = app.test_client()
    assert post(person, url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).headers["Location"] == "/admin"
    membership = db.session.scalars(select(Membership).join(User).where(User.email == "kulttuuri@tuusula.fi")).one()
    assert (membership.role, membership.area_id, membership.side) == ("coordinator", world.area.id, "culture")


def test_expired_revoked_and_unknown_links_are_refused_clearly(app, login_as, world):
    coordinator = login_as("coordinator")
    expired = invited_link(coordinator, email="a@example.fi", role="venue", organisation_id=str(world.venue.id))
    revoked = invited_link(coordinator, email="b@example.fi", role="venue", organisation_id=str(world.venue.id))
    first, second = db.session.scalars(select(Invitation).order_by(Invitation.id)).all()
    first.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert post(coordinator, f"/admin/invitations/{second.id}/revoke", {}).status_code == 302
    person = app.test_client()
    page = person.get(expired)
    assert page.status_code == 410 and 'data-link-problem="expired"' in page.get_data(as_text=True)
    assert 'data-link-problem="revoked"' in person.get(revoked).get_data(as_text=True)
    attempt = person.post(revoked, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                         "csrf_token": csrf_from(person.get("/").get_data(as_text=True))})
    assert attempt.status_code == 410
    assert person.get("/invitation/not-a-token").status_code == 404
    assert db.session.scalars(select(User).where(User.email.in_(["a@example.fi", "b@example.fi"]))).first() is None


@pytest.mark.parametrize("data", [
    {"role": "national_admin"},
    {"role": "coordinator", "area_id": "other_area"},
    {"role": "venue", "organisation_id": "other_venue"},
    {"role": "distributor", "organisation_id": "other_distributor"},
])
def test_a_coordinator_cannot_grant_outside_its_scope(login_as, world, data):
    data = {k: str(getattr(world, v).id) if v.startswith("other") else v for k, v in data.items()}
    response = invite(login_as("coordinator"), email="x@example.fi", **data)
    assert response.status_code == 403
    assert db.session.scalars(select(Invitation)).first() is None


def test_a_culture_side_coordinator_cannot_grant_a_wider_side_or_distributor_staff(client, world):
    culture = factories.user("coordinator", area_obj=world.area, side="culture")
    db.session.commit()
    login(client, culture.email)
    assert invite(client, email="x@example.fi", role="coordinator", area_id=str(world.area.id),
                  side="both").status_code == 403
    assert invite(client, email="x@example.fi", role="distributor",
                  organisation_id=str(world.distributor.id)).status_code == 403
    assert invite(client, email="x@example.fi", role="venue", organisation_id=str(world.venue.id)).status_code == 302


def test_staff_cannot_invite(login_as, world):
    assert invite(login_as("venue"), email="x@example.fi", role="venue",
                  organisation_id=str(world.venue.id)).status_code == 403


def test_national_admin_can_invite_a_national_admin(login_as, world):
    assert invite(login_as("national_admin"), email="x@example.fi", role="national_admin").status_code == 302


def test_people_list_shows_only_the_coordinators_scope(login_as, world):
    factories.user("venue", org=world.other_venue, email="oulu@example.fi")
    db.session.commit()
    page = login_as("coordinator").get("/admin/people").get_data(as_text=True)
    assert "venue@example.fi" in page and "dist@example.fi" in page
    assert "oulu@example.fi" not in page and "admin@example.fi" not in page


def test_revoking_access_needs_confirmation_and_stops_the_sign_in(app, login_as, world):
    venue_user = world.people["venue"]
    coordinator = login_as("coordinator")
    url = f"/admin/people/{venue_user.id}/deactivate"
    assert venue_user.email in coordinator.get(url).get_data(as_text=True)
    assert post(coordinator, url, {}).status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, venue_user.id).active
    assert login(app.test_client(), venue_user.email).status_code == 200
    assert actions() == ["user_deactivated"]


def test_a_coordinator_cannot_revoke_people_outside_its_scope(login_as, world):
    both = factories.user("venue", org=world.venue, email="both@example.fi")
    both.memberships.append(Membership(role="venue", organisation_id=world.other_venue.id))
    db.session.commit()
    coordinator = login_as("coordinator")
    assert post(coordinator, f"/admin/people/{world.people['national_admin'].id}/deactivate", {}).status_code == 404
    assert post(coordinator, f"/admin/people/{both.id}/deactivate", {}).status_code == 403
    assert post(coordinator, f"/admin/people/{both.id}/reset", {}).status_code == 403
    assert db.session.get(User, both.id).active


def test_removing_a_role_within_the_scope(login_as, world):
    membership = world.people["distributor"].memberships[0]
    coordinator = login_as("coordinator")
    url = f"/admin/people/memberships/{membership.id}/remove"
    assert coordinator.get(url).status_code == 200
    assert post(coordinator, url, {}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, world.people["distributor"].id).memberships == []
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.area_id, entry.details["role"]) == ("role_revoked", world.area.id, "distributor")


def test_own_account_cannot_be_revoked(login_as, world):
    coordinator = login_as("coordinator")
    own = world.people["coordinator"]
    assert post(coordinator, f"/admin/people/{own.id}/deactivate", {}).status_code == 400
    assert post(coordinator, f"/admin/people/memberships/{own.memberships[0].id}/remove", {}).status_code == 400


def test_password_reset_by_a_new_link(app, login_as, world):
    venue_user = world.people["venue"]
    coordinator = login_as("coordinator")
    assert post(coordinator, f"/admin/people/{venue_user.id}/reset", {}).status_code == 302
    url = shown_link(coordinator)
    person = app.test_client()
    assert post(person, url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert login(app.test_client(), venue_user.email).status_code == 200
    assert login(app.test_client(), venue_user.email, NEW_PASSWORD).status_code == 302
    assert actions() == ["password_reset_link", "password_reset"]
    assert [m.role for m in db.session.get(User, venue_user.id).memberships] == ["venue"]


@pytest.mark.parametrize("fail", [False, True])
def test_the_link_is_mailed_where_a_mail_server_is_set_and_shown_either_way(app, login_as, world, monkeypatch,
                                                                           fail):
    app.config["MAIL_SERVER"] = "smtp.example"
    monkeypatch.setattr("app.core.mail.smtplib.SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "sent", [])
    monkeypatch.setattr(FakeSMTP, "fail", fail)
    coordinator = login_as("coordinator")
    assert invite(coordinator, email="x@example.fi", role="venue", organisation_id=str(world.venue.id)).status_code \
        == 302
    page = coordinator.get("/admin/people/link").get_data(as_text=True)
    assert "https://kortti.example/invitation/" in page
    if fail:
        assert FakeSMTP.sent == []
    else:
        (message,) = FakeSMTP.sent
        assert message["To"] == "x@example.fi" and "https://kortti.example/invitation/" in message.get_content()
