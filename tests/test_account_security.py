"""Accounts cannot be taken over: invitations never touch an existing account's password or state,
links and sign-outs end sessions on the server, and guessing one account's password soon stops."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.config import shared_state_problem
from app.extensions import db
from app.models import AuditEntry, Invitation, LoginSession, Membership, User
from tests import factories
from tests.conftest import csrf_from, login, post_form as post
from tests.test_admin_people import FakeSMTP, NEW_PASSWORD, invited_link, shown_link

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parent.parent


def is_signed_in(client) -> bool:
    response = client.get("/scan")
    return not (response.status_code == 302 and "/login" in response.headers["Location"])


@pytest.fixture
def culture_coordinator_of_other_area(app, world):
    """The weakest possible inviter: culture side only, and of another area than the admin's work."""
    user = factories.user("coordinator", area_obj=world.other_area, side="culture", email="oulu@example.fi")
    db.session.commit()
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def test_an_invitation_to_the_national_admins_email_cannot_set_its_password(app, world,
                                                                          culture_coordinator_of_other_area):
    admin = world.people["national_admin"]
    url = invited_link(culture_coordinator_of_other_area, email=admin.email, role="venue",
                       organisation_id=str(world.other_venue.id))
    attacker = app.test_client()
    page = attacker.get(url).get_data(as_text=True)
    assert 'name="password"' not in page and 'data-link-problem="sign_in"' in page
    refused = post(attacker, url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert refused.status_code == 403
    assert login(app.test_client(), admin.email, NEW_PASSWORD).status_code == 200  # the new password does not work
    assert login(app.test_client(), admin.email).status_code == 302  # the admin's own still does
    assert db.session.get(User, admin.id).roles == {"national_admin"}
    assert db.session.scalars(select(Invitation)).one().used_at is None


def test_reinviting_a_revoked_person_does_not_reactivate_them(app, login_as, world):
    venue_user = world.people["venue"]
    coordinator = login_as("coordinator")
    assert post(coordinator, f"/admin/people/{venue_user.id}/deactivate", {}).status_code == 302
    url = invited_link(coordinator, email=venue_user.email, role="venue", organisation_id=str(world.venue.id))
    stranger = app.test_client()
    assert post(stranger, url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 403
    assert login(stranger, venue_user.email).status_code == 200  # still cannot sign in
    assert login(stranger, venue_user.email, NEW_PASSWORD).status_code == 200
    assert db.session.get(User, venue_user.id).active is False


def test_a_person_signed_in_as_someone_else_cannot_accept(app, login_as, world):
    coordinator = login_as("coordinator")
    target = world.people["distributor"]
    url = invited_link(coordinator, email=target.email, role="venue", organisation_id=str(world.venue.id))
    other = app.test_client()
    assert login(other, world.people["venue"].email).status_code == 302
    page = other.get(url)
    assert 'data-link-problem="wrong_account"' in page.get_data(as_text=True)
    assert post(other, url, {}).status_code == 403
    assert db.session.get(User, target.id).roles == {"distributor"}


def test_the_invited_person_accepts_signed_in_as_themselves_and_keeps_their_password(app, login_as, world):
    target = world.people["distributor"]
    elsewhere = app.test_client()
    assert login(elsewhere, target.email).status_code == 302
    coordinator = login_as("coordinator")
    url = invited_link(coordinator, email=target.email, role="venue", organisation_id=str(world.venue.id))

    person = app.test_client()
    response = person.get(url)
    assert response.status_code == 200 and "/login?next=" in response.get_data(as_text=True)
    assert login(person, target.email).status_code == 302
    accepted = post(person, url, {})
    assert accepted.status_code == 302
    user = db.session.get(User, target.id)
    db.session.refresh(user)
    assert user.roles == {"distributor", "venue"} and user.check_password(factories.PASSWORD)
    assert is_signed_in(person)
    assert not is_signed_in(elsewhere)  # accepting a link ends the account's other sessions
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "role_granted")).one()
    assert entry.details["changes"]["memberships"]["before"] == ["distributor: Sosiaalityö"]
    assert entry.details["changes"]["memberships"]["after"] == ["distributor: Sosiaalityö", "venue: Teatteri"]
    assert app.test_client().get(url).status_code == 410  # once


def test_an_invitation_dies_when_its_creator_loses_the_scope(app, login_as, world):
    coordinator = login_as("coordinator")
    url = invited_link(coordinator, email="new@example.fi", role="venue", organisation_id=str(world.venue.id))
    db.session.get(User, world.people["coordinator"].id).active = False
    db.session.commit()
    response = post(app.test_client(), url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 410
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "new@example.fi")) == 0


def test_a_reset_needs_a_scope_covering_every_role_of_the_person(app, login_as, world):
    person = factories.user("venue", org=world.venue, email="two-roles@example.fi")
    person.memberships.append(Membership(role="coordinator", area_id=world.other_area.id, side="both"))
    db.session.commit()
    coordinator = login_as("coordinator")
    assert post(coordinator, f"/admin/people/{person.id}/reset", {}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_logout_ends_the_session_on_the_server(app, world):
    client = app.test_client()
    assert login(client, world.people["venue"].email).status_code == 302
    captured = client.get_cookie("session").value
    page = client.get("/scan").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", captured)
    response = replay.get("/scan")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert replay.get("/api/v1/uses/today").status_code == 401


@pytest.mark.parametrize("change", ["deactivate", "remove_role", "reset_password"])
def test_revoking_or_changing_a_person_ends_their_sessions(app, login_as, world, change):
    venue_user = world.people["venue"]
    desk = app.test_client()
    assert login(desk, venue_user.email).status_code == 302
    coordinator = login_as("coordinator")
    if change == "deactivate":
        assert post(coordinator, f"/admin/people/{venue_user.id}/deactivate", {}).status_code == 302
    elif change == "remove_role":
        membership = venue_user.memberships[0].id
        assert post(coordinator, f"/admin/people/memberships/{membership}/remove", {}).status_code == 302
    else:
        assert post(coordinator, f"/admin/people/{venue_user.id}/reset", {}).status_code == 302
        url = shown_link(coordinator)
        assert post(app.test_client(), url, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert not is_signed_in(desk)
    assert db.session.scalar(select(func.count()).select_from(LoginSession)
                             .where(LoginSession.user_id == venue_user.id)) == (1 if change == "reset_password" else 0)


def test_forgot_password_mails_a_link_to_the_account_only(app, world, monkeypatch):
    app.config["MAIL_SERVER"] = "smtp.example"
    monkeypatch.setattr("app.core.mail.smtplib.SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "sent", [])
    client = app.test_client()
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)
    answers = []
    for email in (world.people["venue"].email, "nobody@example.fi"):
        response = post(client, "/password/forgot", {"email": email})
        assert response.status_code == 302
        page = client.get("/login").get_data(as_text=True)
        answers.append(re.findall(r'<p class="message[^"]*"[^>]*>(.*?)</p>', page, re.S)[0].replace(email, "EMAIL"))
    assert answers[0] == answers[1]  # the same answer whether or not the account exists
    (message,) = FakeSMTP.sent
    assert message["To"] == world.people["venue"].email
    link = re.search(r"https://kortti\.example(/invitation/\S+)", message.get_content()).group(1)
    assert post(app.test_client(), link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert login(app.test_client(), world.people["venue"].email, NEW_PASSWORD).status_code == 302


def test_forgot_password_without_mail_says_to_ask_the_coordinator(client, world):
    page = client.get("/password/forgot").get_data(as_text=True)
    assert 'data-forgot="ask-coordinator"' in page and 'name="email"' not in page


@pytest.mark.parametrize("email", ["venue@example.fi", "nobody@example.fi"])
def test_failed_sign_ins_slow_down_per_account_from_any_address(app, world, email):
    app.config["RATELIMIT_LOGIN"] = "1000 per minute"
    for attempt in range(10):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{attempt % 5}"
        assert login(client, email, "wrong password!").status_code == 200
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    response = login(client, email)
    assert response.status_code == 429
    assert "Tälle tilille on yritetty kirjautua liian monta kertaa" in response.get_data(as_text=True)
    other = app.test_client()
    assert login(other, world.people["coordinator"].email).status_code == 302  # other accounts are not touched


def test_the_venue_check_api_has_a_per_key_limit(app, venue_api, world):
    app.config["RATELIMIT_DESK_CHECK"] = "3 per minute"
    codes = [venue_api.get("/api/v1/cards/KK0000000").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert venue_api.get("/api/v1/cards/KK0000000").get_json()["error"] == "rate_limited"


def test_several_workers_need_shared_rate_limit_storage():
    assert shared_state_problem(1, {}) is None
    assert shared_state_problem(4, {"REDIS_URL": "redis://cache:6379/0"}) is None
    assert "REDIS_URL" in shared_state_problem(2, {})


def test_gunicorn_refuses_several_workers_without_redis():
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 32}
    started = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "-w", "3", "-b", "127.0.0.1:0",
                              "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert started.returncode != 0
    assert "3 workers without REDIS_URL" in started.stderr
