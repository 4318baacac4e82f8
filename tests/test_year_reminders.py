"""Monthly reminders of the annual cycle: on the first working day of the month (Finnish calendar)
every coordinator gets the month's open tasks in the app and by e-mail; a missed run catches up and
a second run in the month sends nothing more. Time is frozen by passing `now` to the scheduler."""
from datetime import date, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from app.core import schedule
from app.core.audit import Actor
from app.extensions import db
from app.models import AnnualTask
from app.models.base import utcnow
from app.models.reminder import Reminder
from app.network import annual
from app.network.reminders import first_working_day, holidays, is_working_day
from tests import factories
from tests.conftest import csrf_from, login
from tests.fake_mail import FakeSMTP

pytestmark = pytest.mark.db


@pytest.fixture
def swedish_coordinator(world):
    """A second coordinator, of the other area, who reads Swedish."""
    person = factories.user("coordinator", area_obj=world.other_area, email="samordnare@example.fi")
    person.language = "sv"
    db.session.commit()
    return person


def at_nine(day: date) -> datetime:
    """09:00 in Helsinki (summer time) as the naive UTC time the scheduler takes."""
    return datetime(day.year, day.month, day.day, 6, 0)


def reminders():
    return db.session.scalars(db.select(Reminder).order_by(Reminder.user_id)).all()


def with_tasks():
    return [r for r in reminders() if r.task_ids]


def due_in_may(area_id):
    """The area's template tasks whose months include May, read from the template itself."""
    return [t for t in annual.TEMPLATE if t.month_from <= 5 <= t.month_to]


# The calendar

def test_the_first_working_day_skips_weekends_and_finnish_holidays():
    assert first_working_day(2027, 1) == date(2027, 1, 4)  # Fri 1 Jan is New Year's Day, then the weekend
    assert first_working_day(2026, 5) == date(2026, 5, 4)  # Fri 1 May is May Day
    assert first_working_day(2024, 4) == date(2024, 4, 2)  # Mon 1 April 2024 was Easter Monday
    assert first_working_day(2026, 8) == date(2026, 8, 3)  # 1 Aug 2026 is a Saturday
    assert first_working_day(2026, 6) == date(2026, 6, 1)  # an ordinary Monday


def test_the_moving_holidays_follow_easter_and_midsummer():
    days = holidays(2026)
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 6, 19)} <= days  # Easter 5 April
    assert {date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 20)} <= holidays(2025)
    assert not is_working_day(date(2026, 12, 24)) and not is_working_day(date(2027, 12, 6))  # Thu; Mon Independence Day
    assert is_working_day(date(2026, 12, 7)) and is_working_day(date(2026, 6, 18))


# The job

def test_on_a_holiday_first_of_the_month_nothing_is_sent(app, world, mail_server):
    assert "annual_reminders" in schedule.tick(at_nine(date(2026, 5, 1)))
    assert reminders() == [] and mail_server.sent == []


def test_on_the_first_working_day_each_coordinator_gets_the_open_tasks_due(app, world, mail_server,
                                                                           swedish_coordinator):
    tasks = annual.checklist(world.area.id, 2026, Actor())
    done = next(t for t in tasks if t.month_from <= 5 <= t.month_to)
    done.done_at = utcnow()
    db.session.commit()

    assert "annual_reminders" in schedule.tick(at_nine(date(2026, 5, 4)))

    coordinator = world.people["coordinator"]
    mine, theirs = with_tasks()
    assert (mine.user_id, theirs.user_id) == (coordinator.id, swedish_coordinator.id)
    assert mine.month == theirs.month == "2026-05"
    assert len(mine.task_ids) == len(due_in_may(world.area.id)) - 1 and done.id not in mine.task_ids
    assert len(theirs.task_ids) == len(due_in_may(world.other_area.id))
    assert all(db.session.get(AnnualTask, task_id).area_id == world.other_area.id for task_id in theirs.task_ids)

    by_address = {message["To"]: message for message in mail_server.sent}
    assert sorted(by_address) == sorted([coordinator.email, swedish_coordinator.email])
    finnish, swedish = by_address[coordinator.email], by_address[swedish_coordinator.email]
    open_task = db.session.get(AnnualTask, mine.task_ids[0])
    assert open_task.text_fi in finnish.get_content() and done.text_fi not in finnish.get_content()
    assert "toukokuu" in finnish["Subject"].lower()
    assert "maj" in swedish["Subject"].lower()
    assert db.session.get(AnnualTask, theirs.task_ids[0]).text_sv in swedish.get_content()
    assert "https://kortti.example/admin" in finnish.get_content()


def test_running_again_in_the_same_month_sends_nothing_more(app, world, mail_server):
    schedule.tick(at_nine(date(2026, 5, 4)))
    assert schedule.tick(at_nine(date(2026, 5, 4)).replace(hour=12)) == []  # the same day: no second run
    assert "annual_reminders" in schedule.tick(at_nine(date(2026, 5, 5)))  # the next day's run
    assert "annual_reminders" in schedule.tick(at_nine(date(2026, 5, 29)))
    assert len(with_tasks()) == 1 and len(reminders()) == 1
    assert len(mail_server.sent) == 1


def test_a_missed_run_catches_up_on_the_next_day(app, world, mail_server):
    assert "annual_reminders" in schedule.tick(at_nine(date(2026, 5, 5)))
    assert len(with_tasks()) == 1 and [m["To"] for m in mail_server.sent] == [world.people["coordinator"].email]
    # the next month starts afresh
    schedule.tick(at_nine(date(2026, 6, 1)))
    assert [r.month for r in reminders()] == ["2026-05", "2026-06"]


def test_one_reminder_per_person_and_month_even_when_two_runs_race(app, world):
    user_id = world.people["coordinator"].id
    db.session.add(Reminder(user_id=user_id, month="2026-05", area_ids=[], task_ids=[]))
    db.session.commit()
    db.session.add(Reminder(user_id=user_id, month="2026-05", area_ids=[], task_ids=[]))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_without_a_mail_server_the_reminder_is_still_made_in_the_app(app, world, monkeypatch):
    app.config["JOB_RUNNER"] = lambda work: work()
    monkeypatch.setattr(FakeSMTP, "sent", [])
    monkeypatch.setattr("app.core.mail.smtplib.SMTP", FakeSMTP)
    schedule.tick(at_nine(date(2026, 5, 4)))
    (reminder,) = with_tasks()
    assert reminder.mailed is False and FakeSMTP.sent == []


# In the app

def test_the_coordinator_sees_the_reminder_on_the_start_page_and_marks_it_read(app, client, world, mail_server):
    schedule.tick(at_nine(date(2026, 5, 4)))
    (reminder,) = with_tasks()
    task = db.session.get(AnnualTask, reminder.task_ids[0])
    assert login(client, world.people["coordinator"].email).status_code == 302
    page = client.get("/admin").get_data(as_text=True)
    assert f'data-reminder="{reminder.id}"' in page and task.text_fi in page and "toukokuu" in page.lower()

    # nobody else can mark it read
    other = app.test_client()
    assert login(other, world.people["national_admin"].email).status_code == 302
    token = csrf_from(other.get("/admin").get_data(as_text=True))
    assert other.post(f"/admin/reminders/{reminder.id}/read", data={"csrf_token": token}).status_code == 404

    token = csrf_from(page)
    assert client.post(f"/admin/reminders/{reminder.id}/read", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Reminder, reminder.id).read_at is not None
    assert f'data-reminder="{reminder.id}"' not in client.get("/admin").get_data(as_text=True)


def test_staff_cannot_mark_reminders(login_as, world):
    client = login_as("venue")
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/admin/reminders/1/read", data={"csrf_token": token}).status_code == 403
