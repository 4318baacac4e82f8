"""Continuation rounds (issue #14, points 1-2): the coordinator asks the area's sites whether they
continue next year, their staff answer from a question shown on every page, the coordinator reminds
and closes; a "no" stops the site on 1 January unless the end is taken back before."""
import re
from datetime import date, datetime, timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.cards import desk, registration
from app.core.audit import Actor
from app.core.errors import DomainError
from app.extensions import db
from app.models import AuditEntry, Organisation
from app.models.continuation import ContinuationAnswer, ContinuationRound
from app.network import rounds
from app.network.operating import site_problem
from tests import factories
from tests.conftest import csrf_from, login
from tests.fake_mail import FakeSMTP

pytestmark = pytest.mark.db

YEAR = factories.today().year + 1
LAST_DAY = date(YEAR - 1, 12, 31)
NEW_YEAR = date(YEAR, 1, 1)

def fi(app, msgid: str, **values) -> str:
    """The Finnish text the pages show (the default language)."""
    with app.test_request_context(), force_locale("fi"):
        return gettext(msgid, **values)



def signed_in(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def post(client, url, data):
    token = csrf_from(client.get("/").get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def round_form(area, side, **extra):
    today = factories.today()
    return {"area_id": str(area.id), "side": side, "year": str(YEAR), "opens_on": today.isoformat(),
            "closes_on": min(today + timedelta(days=14), LAST_DAY).isoformat(), **extra}


def open_round(client, area, side) -> ContinuationRound:
    response = post(client, "/admin/rounds", round_form(area, side))
    assert response.status_code == 302, response.get_data(as_text=True)
    round_id = int(re.search(r"/admin/rounds/(\d+)$", response.headers["Location"]).group(1))
    return db.session.get(ContinuationRound, round_id)


def answer(client, round_, site, choice, note=""):
    return post(client, f"/year/continuation/{round_.id}", {"site": str(site.id), "answer": choice, "note": note})


def banner_sites(client) -> list[str]:
    return re.findall(r'data-round-question="\d+" data-site="(\d+)"', client.get("/").get_data(as_text=True))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def people(app, world):
    """Besides the world: a second distributor of the area with its own staff, a culture-side and a
    sote-side coordinator of the area, the other area's coordinator and distributor staff."""
    second = factories.organisation("distributor", name="Nuorisotyö", municipality="186")
    found = {
        "second": second,
        "second_staff": factories.user("distributor", org=second, email="second@example.fi"),
        "culture": factories.user("coordinator", area_obj=world.area, side="culture", email="culture@example.fi"),
        "sote": factories.user("coordinator", area_obj=world.area, side="sote", email="sote@example.fi"),
        "oulu": factories.user("coordinator", area_obj=world.other_area, email="oulu@example.fi"),
        "oulu_staff": factories.user("distributor", org=world.other_distributor, email="oulu-staff@example.fi"),
    }
    db.session.commit()
    return found


def test_the_question_reaches_only_the_asked_sites_staff_and_goes_once_answered(app, world, people):
    coordinator = signed_in(app, people["sote"])
    assert 'name="area_id"' in coordinator.get("/admin/rounds").get_data(as_text=True)
    round_ = open_round(coordinator, world.area, "distributor")
    asked = {a.organisation.name for a in round_.answers}
    assert asked == {"Sosiaalityö", "Nuorisotyö"}  # not the area's venue, not the other area's distributor

    staff = signed_in(app, world.people["distributor"])
    assert banner_sites(staff) == [str(world.distributor.id)]
    assert fi(app, "Does %(site)s continue in Kaikukortti in %(year)d?", site="Sosiaalityö", year=YEAR) in staff.get("/issue").get_data(as_text=True)
    assert banner_sites(signed_in(app, people["second_staff"])) == [str(people["second"].id)]
    assert banner_sites(signed_in(app, world.people["venue"])) == []
    assert banner_sites(signed_in(app, people["oulu_staff"])) == []
    assert banner_sites(app.test_client()) == []

    response = answer(staff, round_, world.distributor, "yes")
    assert response.status_code == 302
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert fi(app, "Thank you: your answer was saved. You can change it until the round is closed.") in page and 'data-current-answer="yes"' in page
    assert banner_sites(staff) == []
    assert banner_sites(signed_in(app, people["second_staff"])) == [str(people["second"].id)]  # still asked

    page = coordinator.get(f"/admin/rounds/{round_.id}").get_data(as_text=True)
    assert re.search(r'data-answer="yes" data-org="%d"' % world.distributor.id, page)
    assert fi(app, "Continue: %(num)d", num=1) in page and fi(app, "No answer yet: %(num)d", num=1) in page
    assert {"round_opened", "round_answered"} <= set(actions())


def test_an_answer_can_be_changed_until_the_round_is_closed(app, world, people):
    coordinator = signed_in(app, people["sote"])
    round_ = open_round(coordinator, world.area, "distributor")
    staff = signed_in(app, world.people["distributor"])
    assert answer(staff, round_, world.distributor, "yes_with_changes").status_code == 400  # says what changes
    assert answer(staff, round_, world.distributor, "yes_with_changes", "Two sites merge").status_code == 302
    assert answer(staff, round_, world.distributor, "no", "Service ends").status_code == 302
    row = db.session.scalar(select(ContinuationAnswer).where(ContinuationAnswer.organisation_id == world.distributor.id))
    db.session.refresh(row)
    assert (row.answer, row.note) == ("no", "Service ends")
    assert post(coordinator, f"/admin/rounds/{round_.id}/close", {}).status_code == 302
    assert answer(staff, round_, world.distributor, "yes").status_code == 409
    db.session.refresh(row)
    assert row.answer == "no"


def test_staff_answer_only_for_their_own_asked_site(app, world, people):
    round_ = open_round(signed_in(app, people["sote"]), world.area, "distributor")
    staff = signed_in(app, world.people["distributor"])
    assert answer(staff, round_, people["second"], "no").status_code == 403  # another site's question
    assert post(staff, f"/year/continuation/{round_.id + 99}", {"answer": "no"}).status_code == 404
    assert answer(signed_in(app, world.people["venue"]), round_, world.venue, "no").status_code == 404  # not asked
    assert answer(signed_in(app, people["oulu_staff"]), round_, world.other_distributor, "no").status_code == 404
    assert answer(signed_in(app, people["sote"]), round_, world.distributor, "no").status_code == 403
    assert all(a.answer is None for a in round_.answers)


def test_coordinators_run_only_their_own_area_and_side(app, world, people):
    round_ = open_round(signed_in(app, people["sote"]), world.area, "distributor")
    oulu = signed_in(app, people["oulu"])
    assert oulu.get(f"/admin/rounds/{round_.id}").status_code == 404
    assert post(oulu, f"/admin/rounds/{round_.id}/close", {}).status_code == 404
    assert post(oulu, "/admin/rounds", round_form(world.area, "venue")).status_code == 403
    assert f"/admin/rounds/{round_.id}" not in oulu.get("/admin/rounds").get_data(as_text=True)

    culture = signed_in(app, people["culture"])
    page = culture.get("/admin/rounds").get_data(as_text=True)
    assert 'value="venue"' in page and 'value="distributor"' not in page
    assert post(culture, "/admin/rounds", round_form(world.area, "distributor")).status_code == 403
    assert culture.get(f"/admin/rounds/{round_.id}").status_code == 404
    venue_round = open_round(culture, world.area, "venue")
    assert [a.organisation_id for a in venue_round.answers] == [world.venue.id]
    assert post(culture, "/admin/rounds", round_form(world.area, "venue")).status_code == 409  # one per year
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_type == "continuation_round",
                                                             AuditEntry.target_id == str(venue_round.id))) \
        == "round_opened"


def test_closing_ends_the_no_sites_on_1_january_and_the_end_can_be_taken_back(app, world, people):
    coordinator = signed_in(app, people["sote"])
    round_ = open_round(coordinator, world.area, "distributor")
    assert answer(signed_in(app, world.people["distributor"]), round_, world.distributor, "no", "We stop").status_code == 302

    confirm = coordinator.get(f"/admin/rounds/{round_.id}/close").get_data(as_text=True)
    assert re.search(r"data-will-end>.*Sosiaalityö: We stop", confirm, re.S)
    assert re.search(r"data-no-answer>.*Nuorisotyö", confirm, re.S)
    assert post(coordinator, f"/admin/rounds/{round_.id}/close", {}).status_code == 302

    site = db.session.get(Organisation, world.distributor.id)
    db.session.refresh(site)
    assert site.approved_until == LAST_DAY
    assert site_problem(site, LAST_DAY) is None  # it still operates on 31 December
    assert site_problem(site, NEW_YEAR).code == "not_approved"
    card = factories.ActiveCardFactory.create(site, issued_on=LAST_DAY)  # registering on 31 December works
    with pytest.raises(DomainError) as refused:
        factories.ActiveCardFactory.create(site, issued_on=NEW_YEAR)
    assert refused.value.code == "organisation_not_active"
    with pytest.raises(DomainError):
        registration.renew(card.id, {}, site=site, actor=Actor(), today=NEW_YEAR)
    second = db.session.get(Organisation, people["second"].id)
    assert second.approved_until is None and site_problem(second, NEW_YEAR) is None  # no answer: not ended

    page = coordinator.get(f"/admin/rounds/{round_.id}").get_data(as_text=True)
    assert f'data-end="{site.id}"' in page and fi(app, "Take back the end of %(name)s", name="Sosiaalityö") in page
    assert post(coordinator, f"/admin/rounds/{round_.id}/take-back/{site.id}", {}).status_code == 302
    db.session.refresh(site)
    assert site.approved_until is None and site_problem(site, NEW_YEAR) is None
    assert fi(app, "Taken back: it continues") in coordinator.get(f"/admin/rounds/{round_.id}").get_data(as_text=True)
    assert {"round_closed", "org_end_scheduled", "org_end_taken_back"} <= set(actions())
    scheduled = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "org_end_scheduled"))
    assert (scheduled.target_id, scheduled.details["changes"]["approved_until"]["after"]) == \
        (str(site.id), LAST_DAY.isoformat())


def test_a_venue_that_said_no_refuses_cards_from_1_january(app, world, people):
    culture = signed_in(app, people["culture"])
    round_ = open_round(culture, world.area, "venue")
    assert answer(signed_in(app, world.people["venue"]), round_, world.venue, "no").status_code == 302
    assert post(culture, f"/admin/rounds/{round_.id}/close", {}).status_code == 302
    card = factories.ActiveCardFactory.create(world.distributor)
    venue = db.session.get(Organisation, world.venue.id)
    db.session.refresh(venue)
    on_last_day, _card, _event = desk.check(card.id, venue=venue, at=datetime(YEAR - 1, 12, 31, 12))
    on_new_year, _card, _event = desk.check(card.id, venue=venue, at=datetime(YEAR, 1, 1, 12))
    assert on_last_day.reason == "valid"
    assert (on_new_year.status, on_new_year.reason) == ("error", "organisation_not_active")


def test_an_end_cannot_be_taken_back_once_it_has_come(app, world, people):
    round_ = open_round(signed_in(app, people["sote"]), world.area, "distributor")
    answer(signed_in(app, world.people["distributor"]), round_, world.distributor, "no")
    rounds.close_round(people["sote"], db.session.get(ContinuationRound, round_.id))
    site = db.session.get(Organisation, world.distributor.id)
    with pytest.raises(DomainError) as late:
        rounds.take_back_end(people["sote"], site, today=NEW_YEAR)
    assert late.value.code == "end_passed" and site.approved_until == LAST_DAY
    rounds.take_back_end(people["sote"], site, today=LAST_DAY)
    assert site.approved_until is None


def test_opening_and_reminding_mail_the_contact_persons_where_mail_is_set(app, world, people, monkeypatch):
    app.config["MAIL_SERVER"] = "smtp.example"
    app.config["JOB_RUNNER"] = lambda work: work()
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "sent", [])
    world.distributor.contact_email = "jakaja@example.fi"
    people["second"].contact_email = "nuoriso@example.fi"
    db.session.commit()
    coordinator = signed_in(app, people["sote"])
    round_ = open_round(coordinator, world.area, "distributor")
    assert sorted(m["To"] for m in FakeSMTP.sent) == ["jakaja@example.fi", "nuoriso@example.fi"]
    assert f"/year/continuation/{round_.id}?site=" in FakeSMTP.sent[0].get_content()

    FakeSMTP.sent.clear()
    answer(signed_in(app, world.people["distributor"]), round_, world.distributor, "yes")
    assert "nuoriso@example.fi" in coordinator.get(f"/admin/rounds/{round_.id}/remind").get_data(as_text=True)
    response = post(coordinator, f"/admin/rounds/{round_.id}/remind", {})
    assert response.status_code == 302
    assert [m["To"] for m in FakeSMTP.sent] == ["nuoriso@example.fi"]
    assert fi(app, "%(num)d sites have not answered; they still see the question in the app. E-mails sent: "
              "%(mailed)d.", num=1, mailed=1) in coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert banner_sites(signed_in(app, people["second_staff"])) == [str(people["second"].id)]  # the banner stays
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "round_reminded"))
    assert entry.details == {"unanswered": 1, "mailed": 1}


def test_without_mail_nothing_is_sent(app, world, people, monkeypatch):
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "sent", [])
    world.distributor.contact_email = "jakaja@example.fi"
    db.session.commit()
    coordinator = signed_in(app, people["sote"])
    round_ = open_round(coordinator, world.area, "distributor")
    assert post(coordinator, f"/admin/rounds/{round_.id}/remind", {}).status_code == 302
    assert FakeSMTP.sent == []


def test_the_summary_lists_new_partners_and_the_admin_start_page_the_open_rounds(app, world, people):
    factories.organisation("distributor", name="Uusi jakaja", approved=False)
    starting = factories.organisation("distributor", name="Tammikuun jakaja")
    starting.approved_from = NEW_YEAR  # the national admin's approval takes effect on 1 January
    db.session.commit()
    national = signed_in(app, world.people["national_admin"])
    round_ = open_round(national, world.area, "distributor")
    assert {a.organisation.name for a in round_.answers} == {"Sosiaalityö", "Nuorisotyö"}  # new ones are not asked
    page = national.get(f"/admin/rounds/{round_.id}").get_data(as_text=True)
    partners = re.search(r"data-new-partners>(.*?)</ul>", page, re.S).group(1)
    assert "Uusi jakaja" in partners and "Tammikuun jakaja" in partners and "Sosiaalityö" not in partners
    assert 'href="/admin/organisations/new"' in page

    start = signed_in(app, people["sote"]).get("/admin").get_data(as_text=True)
    assert 'href="/admin/rounds"' in start
    assert re.search(r'data-round="%d".*' % round_.id + re.escape(fi(app, "%(answered)d of %(asked)d answered", answered=0, asked=2)), start, re.S)
    assert f'data-round="{round_.id}"' not in signed_in(app, people["oulu"]).get("/admin").get_data(as_text=True)


def test_the_answers_export_as_csv(app, world, people):
    coordinator = signed_in(app, people["sote"])
    round_ = open_round(coordinator, world.area, "distributor")
    answer(signed_in(app, world.people["distributor"]), round_, world.distributor, "yes_with_changes", "New address")
    response = coordinator.get(f"/admin/rounds/{round_.id}/answers.csv")
    text = response.get_data().decode("utf-8-sig")
    assert response.status_code == 200 and "text/csv" in response.headers["Content-Type"]
    assert f"Sosiaalityö;{fi(app, 'Yes, with changes')};New address;" in text
    assert f"Nuorisotyö;{fi(app, 'No answer')};" in text
