"""The feedback meeting: a coordinator records it, chooses the invitees (the area's distributors and
venues, the national centre) and e-mails the invitation, which links the meeting's statistics view."""
import re

import pytest

from app.core.dates import today
from app.extensions import db
from app.models import AuditEntry
from app.models.reminder import FeedbackMeeting
from tests import factories
from tests.conftest import login, post_form
from tests.fake_mail import NATIONAL_CENTRE

pytestmark = pytest.mark.db

CENTRE = NATIONAL_CENTRE


@pytest.fixture
def contacts(world):
    world.distributor.contact_email = "jakaja@example.fi"
    world.venue.contact_email = "teatteri@example.fi"
    world.other_venue.contact_email = "muu@example.fi"
    db.session.commit()


def record(client, world, **changes):
    data = {"area_id": str(world.area.id), "meeting_date": f"{today().year}-09-15", "meeting_time": "17:00",
            "place": "Pääkirjasto, sali 2", "online_link": "", "note": "Tervetuloa!", "stats_year": str(today().year),
            **changes}
    return post_form(client, "/admin/meetings", data)


def meeting_id_from(response) -> int:
    return int(re.search(r"/admin/meetings/(\d+)$", response.headers["Location"]).group(1))


def invite(client, meeting_id, org_ids, centre=True):
    data = {"organisations": [str(i) for i in org_ids]}
    if centre:
        data["national_centre"] = "y"
    return post_form(client, f"/admin/meetings/{meeting_id}/invitees", data)


def test_a_coordinator_records_a_meeting_and_invites_the_network(login_as, world, mail_server, contacts):
    client = login_as("coordinator")
    created = record(client, world)
    assert created.status_code == 302
    meeting_id = meeting_id_from(created)
    assert invite(client, meeting_id, [world.distributor.id, world.venue.id]).status_code == 302

    meeting = db.session.get(FeedbackMeeting, meeting_id)
    assert (meeting.area_id, meeting.place, meeting.note) == (world.area.id, "Pääkirjasto, sali 2", "Tervetuloa!")
    assert sorted(i.organisation_id for i in meeting.invitees) == sorted([world.distributor.id, world.venue.id])
    page = client.get(f"/admin/meetings/{meeting_id}").get_data(as_text=True)
    assert "jakaja@example.fi" in page and "teatteri@example.fi" in page and CENTRE in page
    assert "muu@example.fi" not in page and world.other_venue.name not in page  # another area's venue
    assert "Pääkirjasto, sali 2" in client.get("/admin/meetings").get_data(as_text=True)

    confirm = client.get(f"/admin/meetings/{meeting_id}/send").get_data(as_text=True)
    assert "data-sent-before" not in confirm and mail_server.sent == []  # asking sends nothing
    assert post_form(client, f"/admin/meetings/{meeting_id}/send", {}).status_code == 302

    stats = f"https://kortti.example/stats/feedback?area={world.area.id}&year={today().year}"
    assert sorted(m["To"] for m in mail_server.sent) == sorted(["jakaja@example.fi", "teatteri@example.fi", CENTRE])
    for message in mail_server.sent:
        body = message.get_content()
        assert stats in body and "Pääkirjasto, sali 2" in body and "17:00" in body and "Tervetuloa!" in body
        assert world.area.name in message["Subject"]
    db.session.expire_all()
    meeting = db.session.get(FeedbackMeeting, meeting_id)
    assert meeting.sent_at is not None and meeting.sent_count == 1
    sent = re.search(r"data-sent>([^<]*)<", client.get(f"/admin/meetings/{meeting_id}").get_data(as_text=True))
    assert str(meeting.sent_at.year) in sent.group(1)  # when they were sent

    # a second sending asks again, and is recorded
    assert "data-sent-before" in client.get(f"/admin/meetings/{meeting_id}/send").get_data(as_text=True)
    assert post_form(client, f"/admin/meetings/{meeting_id}/send", {}).status_code == 302
    assert len(mail_server.sent) == 6
    db.session.expire_all()
    assert db.session.get(FeedbackMeeting, meeting_id).sent_count == 2
    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.target_type == "feedback_meeting",
                                                                    AuditEntry.target_id == str(meeting_id))).all()
    assert sorted(actions) == ["meeting_created", "meeting_invitations_sent", "meeting_invitations_sent",
                               "meeting_invitees_set"]


def test_the_invitation_is_in_the_organisations_language(login_as, world, mail_server, contacts):
    swedish = factories.organisation("venue", name="Teater", municipality="106")
    swedish.contact_email = "teater@example.fi"
    swedish.municipality.language = "sv"
    db.session.commit()
    client = login_as("coordinator")
    meeting_id = meeting_id_from(record(client, world))
    invite(client, meeting_id, [swedish.id, world.venue.id], centre=False)
    post_form(client, f"/admin/meetings/{meeting_id}/send", {})
    by_address = {m["To"]: m for m in mail_server.sent}
    assert sorted(by_address) == ["teater@example.fi", "teatteri@example.fi"]  # the centre was not ticked
    assert "september" in by_address["teater@example.fi"].get_content()  # the date is written in Swedish
    assert "syyskuuta" in by_address["teatteri@example.fi"].get_content()  # and in Finnish


def test_without_the_centres_address_the_centre_is_not_mailed(app, login_as, world, mail_server, contacts):
    app.config["NATIONAL_CENTRE_EMAIL"] = ""
    client = login_as("coordinator")
    meeting_id = meeting_id_from(record(client, world))
    invite(client, meeting_id, [world.venue.id])
    post_form(client, f"/admin/meetings/{meeting_id}/send", {})
    assert [m["To"] for m in mail_server.sent] == ["teatteri@example.fi"]


def test_without_a_mail_server_nothing_is_sent_or_marked(app, login_as, world, contacts):
    app.config["JOB_RUNNER"] = lambda work: work()
    client = login_as("coordinator")
    meeting_id = meeting_id_from(record(client, world))
    invite(client, meeting_id, [world.venue.id])
    page = client.get(f"/admin/meetings/{meeting_id}/send").get_data(as_text=True)
    assert 'action="/admin/meetings/%d/send"' % meeting_id in page and "button primary" not in page  # no send button
    assert post_form(client, f"/admin/meetings/{meeting_id}/send", {}).status_code == 409
    db.session.expire_all()
    assert db.session.get(FeedbackMeeting, meeting_id).sent_at is None
    # the invitation is on the meeting's page, to copy
    assert f"/stats/feedback?area={world.area.id}" in client.get(f"/admin/meetings/{meeting_id}").get_data(as_text=True)


def test_the_form_is_checked(login_as, world, contacts):
    client = login_as("coordinator")
    assert record(client, world, place="", online_link="").status_code == 400
    assert record(client, world, online_link="javascript:alert(1)").status_code == 400
    assert record(client, world, meeting_date="").status_code == 400
    assert record(client, world, area_id=str(world.other_area.id)).status_code == 400  # not among the choices
    assert db.session.scalars(db.select(FeedbackMeeting)).all() == []
    meeting_id = meeting_id_from(record(client, world, place="", online_link="https://meet.example/abc"))
    assert invite(client, meeting_id, [world.other_venue.id]).status_code == 400  # another area's venue
    assert db.session.get(FeedbackMeeting, meeting_id).invitees == []


def test_another_areas_coordinator_and_staff_cannot_reach_the_meeting(app, login_as, world, mail_server, contacts):
    client = login_as("coordinator")
    meeting_id = meeting_id_from(record(client, world))
    invite(client, meeting_id, [world.venue.id])

    other = app.test_client()
    factories.user("coordinator", area_obj=world.other_area, email="oulu@example.fi")
    db.session.commit()
    assert login(other, "oulu@example.fi").status_code == 302
    assert other.get(f"/admin/meetings/{meeting_id}").status_code == 404
    assert other.get(f"/admin/meetings/{meeting_id}/send").status_code == 404
    assert post_form(other, f"/admin/meetings/{meeting_id}/send", {}).status_code == 404
    assert post_form(other, f"/admin/meetings/{meeting_id}/invitees", {"organisations": []}).status_code == 404
    assert "Pääkirjasto" not in other.get("/admin/meetings").get_data(as_text=True)
    assert mail_server.sent == []

    for role in ("venue", "distributor"):
        staff = app.test_client()
        assert login(staff, world.people[role].email).status_code == 302
        assert staff.get("/admin/meetings").status_code == 403
        assert staff.get(f"/admin/meetings/{meeting_id}").status_code == 403
        assert post_form(staff, f"/admin/meetings/{meeting_id}/send", {}).status_code == 403

    national = app.test_client()
    assert login(national, world.people["national_admin"].email).status_code == 302
    assert national.get(f"/admin/meetings/{meeting_id}").status_code == 200


def test_the_start_page_links_the_meetings(login_as, world):
    page = login_as("coordinator").get("/admin").get_data(as_text=True)
    assert 'href="/admin/meetings"' in page
