"""Monthly reminders of the annual cycle (vuosikello, DESIGN §6).

On the first working day of each month (Finnish calendar below) every coordinator gets the open tasks
of their areas' checklists due that month: in the app (a `Reminder` row, shown on the admin start page
until read) and by e-mail where a mail server is set, in the person's language.

The daily scheduled job `annual_reminders` does it. Each run looks whether the month's first working
day has come and who has no reminder for the month yet: a missed run catches up the next day, and the
one row per person and month (a unique constraint) keeps anything from being sent twice, even when two
runs race. E-mails leave after the job's commit (`mail.queue_messages`), never for a row that was rolled back.
"""
from datetime import date, timedelta

from flask_babel import force_locale, format_date, gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import mail
from app.core.audit import Actor
from app.core.dates import today
from app.core.jobs import JobContext, JobResult
from app.core.schedule import scheduled
from app.extensions import db
from app.models import AnnualTask, Area, Membership, User
from app.models.base import utcnow
from app.models.reminder import Reminder
from app.network import annual

SYSTEM = Actor()  # the scheduled job acts for nobody in particular


# The Finnish working-day calendar

def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holidays(year: int) -> set[date]:
    """Finnish public holidays and eves off work that can fall on a weekday."""
    sunday = easter(year)
    june_19 = date(year, 6, 19)
    midsummer_eve = june_19 + timedelta(days=(4 - june_19.weekday()) % 7)  # the Friday of 19-25 June
    return {date(year, 1, 1), date(year, 1, 6), sunday - timedelta(days=2), sunday + timedelta(days=1),
            date(year, 5, 1), sunday + timedelta(days=39), midsummer_eve, date(year, 12, 6),
            date(year, 12, 24), date(year, 12, 25), date(year, 12, 26)}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def first_working_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


# The reminders

def coordinators() -> dict[User, list[int]]:
    """Every active coordinator and the active areas they coordinate."""
    rows = db.session.execute(
        select(User, Membership.area_id).join(Membership, Membership.user_id == User.id)
        .join(Area, Area.id == Membership.area_id)
        .where(Membership.role == "coordinator", User.active.is_(True), Area.active.is_(True))
        .order_by(User.id, Membership.area_id))
    found: dict[User, list[int]] = {}
    for user, area_id in rows:
        if area_id not in found.setdefault(user, []):
            found[user].append(area_id)
    return found


def send_due_reminders(day: date) -> int:
    """Make this month's reminders that are due by `day` and not made yet; returns how many carry tasks."""
    if day < first_working_day(day.year, day.month):
        return 0
    month = f"{day:%Y-%m}"
    done = set(db.session.scalars(select(Reminder.user_id).where(Reminder.month == month)))
    made, mails = 0, []
    for user, area_ids in coordinators().items():
        if user.id in done:
            continue
        tasks = annual.due(area_ids, day, SYSTEM)
        reminder = Reminder(user_id=user.id, month=month, area_ids=area_ids, task_ids=[t.id for t in tasks],
                            created_at=utcnow())
        try:
            with db.session.begin_nested():  # a concurrent run that made it first wins
                db.session.add(reminder)
        except IntegrityError:
            continue
        if not tasks:
            continue
        made += 1
        if mail.configured() and user.email:
            mails.append(reminder_mail(user, day, tasks))
            reminder.mailed = True
    db.session.flush()
    mail.queue_messages(mails)
    return made


def reminder_mail(user: User, day: date, tasks: list[AnnualTask]) -> dict[str, str]:
    lang = user.language if user.language in mail.LANGUAGES else "fi"
    names = dict(db.session.execute(select(Area.id, Area.name).where(Area.id.in_({t.area_id for t in tasks}))).all())
    with force_locale(lang):
        month = format_date(day, "LLLL yyyy")
        lines = [_("These tasks of the annual cycle are due in %(month)s:", month=month)]
        for area_id in sorted(names, key=names.get):
            lines += ["", names[area_id]]
            lines += [f"- {annual.task_text(t, lang)}" for t in tasks if t.area_id == area_id]
        lines += ["", _("See them and mark them done in Kaikukanta: %(link)s", link=mail.app_link("admin.start"))]
        subject = _("Kaikukortti: the annual cycle in %(month)s", month=month)
    return {"to": user.email, "subject": subject, "body": "\n".join(lines) + "\n"}


@scheduled("annual_reminders", every="day")
def annual_reminders(ctx: JobContext) -> JobResult:
    """Runs daily; sends the month's reminders on its first working day, or on the first run after it."""
    period = ctx.params.get("period")
    made = send_due_reminders(date.fromisoformat(period) if period else today())
    return JobResult("reminders.txt", "text/plain", f"{made}\n".encode())


def unread(user_id: int) -> list[tuple[Reminder, list[AnnualTask]]]:
    """The person's reminders not yet marked read, newest first, each with its tasks still there."""
    found = []
    for reminder in db.session.scalars(select(Reminder).where(
            Reminder.user_id == user_id, Reminder.read_at.is_(None)).order_by(Reminder.month.desc())):
        if not reminder.task_ids:
            continue
        tasks = list(db.session.scalars(select(AnnualTask).where(AnnualTask.id.in_(reminder.task_ids))
                                        .order_by(AnnualTask.area_id, AnnualTask.month_from, AnnualTask.id)))
        if tasks:
            found.append((reminder, tasks))
    return found


def find_reminder(reminder_id: int, user_id: int) -> Reminder | None:
    """The person's own reminder; another person's is not found."""
    reminder = db.session.get(Reminder, reminder_id)
    return reminder if reminder is not None and reminder.user_id == user_id else None


def mark_read(reminder: Reminder) -> None:
    if reminder.read_at is None:
        reminder.read_at = utcnow()
        db.session.flush()
