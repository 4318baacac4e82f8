"""Invitation and reset links are e-mailed only after the request has committed: a failed commit mails
nothing, and a failed send loses nothing that was saved (the link stays on the page to copy)."""
import re

import pytest
from flask import request
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import Invitation
from tests.conftest import post_form as post
from tests.test_admin_people import FakeSMTP

pytestmark = pytest.mark.db

SENT_TEXT = "Linkki lähetettiin sähköpostilla."  # "The link was sent by email." on the Finnish page
NEW_PASSWORD = "a new long password"


@pytest.fixture
def mail_server(app, monkeypatch):
    app.config["MAIL_SERVER"] = "smtp.example"
    monkeypatch.setattr("app.core.mail.smtplib.SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "sent", [])
    monkeypatch.setattr(FakeSMTP, "fail", False)
    return FakeSMTP


def invite(client, world):
    return post(client, "/admin/people/invite", {"email": "uusi@example.fi", "role": "venue",
                                                 "organisation_id": str(world.venue.id), "side": "both"})


def ask_for_reset(client, world):
    return post(client, "/password/forgot", {"email": world.people["venue"].email})


@pytest.mark.parametrize("ask", [invite, ask_for_reset], ids=["invitation", "forgot_password"])
def test_a_failed_commit_mails_nothing(app, login_as, world, monkeypatch, mail_server, ask):
    client = login_as("coordinator") if ask is invite else app.test_client()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer with the error page, as in production
    commit = db.session.commit

    def commit_fails_on_post():
        if request.method == "POST":
            raise OperationalError("COMMIT", {}, Exception("the database went away"))
        commit()

    with monkeypatch.context() as patched:
        patched.setattr(db.session, "commit", commit_fails_on_post)
        assert ask(client, world).status_code == 500
    assert db.session.scalars(select(Invitation)).all() == []
    assert client.get("/").status_code == 200  # a later request that commits sends nothing left over
    assert mail_server.sent == []


def test_a_failed_send_keeps_the_invitation_and_shows_its_link(app, login_as, world, mail_server):
    mail_server.fail = True
    coordinator = login_as("coordinator")
    assert invite(coordinator, world).status_code == 302
    db.session.rollback()  # what is found now was committed by the request
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.email == "uusi@example.fi" and invitation.used_at is None and invitation.revoked_at is None
    page = coordinator.get("/admin/people/link").get_data(as_text=True)
    assert SENT_TEXT not in page  # nobody is told the link went out
    link = re.search(r'value="https://kortti\.example(/invitation/[^"]+)"', page).group(1)
    person = app.test_client()
    assert person.get(link).status_code == 200
    assert post(person, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert mail_server.sent == []


def test_a_sent_link_is_mailed_after_the_commit_and_the_page_says_so(app, login_as, world, mail_server):
    coordinator = login_as("coordinator")
    assert invite(coordinator, world).status_code == 302
    (message,) = mail_server.sent
    assert message["To"] == "uusi@example.fi"
    page = coordinator.get("/admin/people/link").get_data(as_text=True)
    assert SENT_TEXT in page and "https://kortti.example/invitation/" in message.get_content()


def test_a_failed_reset_send_still_answers_alike(app, world, mail_server):
    mail_server.fail = True
    client = app.test_client()
    assert ask_for_reset(client, world).status_code == 302
    db.session.rollback()
    assert db.session.scalars(select(Invitation.purpose)).all() == ["reset"]
    page = client.get("/login").get_data(as_text=True)
    assert world.people["venue"].email in re.findall(r'<p class="message[^"]*"[^>]*>(.*?)</p>', page, re.S)[0]
