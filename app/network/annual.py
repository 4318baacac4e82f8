"""The coordinators' year (vuosikello, DESIGN §6): a template, and each area's own copy per year."""
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.cards import validation
from app.core.errors import DomainError
from app.core.audit import Actor, audit
from app.extensions import db
from app.models import AnnualChecklist, AnnualTask
from app.models.base import utcnow
from app.network import refdata

PARTIES = {"national_centre": _l("National centre"), "county": _l("Wellbeing county"),
           "municipality": _l("Municipality"), "coordinators": _l("Coordinators")}
MAX_TEXT = 500
FIRST_YEAR = 2020


@dataclass(frozen=True)
class Template:
    month_from: int
    month_to: int
    party: str
    fi: str
    sv: str
    en: str


def _read_template() -> tuple[Template, ...]:
    """The national template every area's checklist starts from (app/data/annual_template.csv)."""
    return tuple(Template(int(row["month_from"]), int(row["month_to"]), row["party"],
                          row["text_fi"], row["text_sv"], row["text_en"])
                 for row in refdata.read("annual_template.csv"))


TEMPLATE = _read_template()


def task_text(task: AnnualTask, lang: str) -> str:
    return {"sv": task.text_sv, "en": task.text_en}.get(lang) or task.text_fi


def check_year(year: int, today: date) -> None:
    if not FIRST_YEAR <= year <= today.year + 1:
        raise DomainError("invalid_year", _("No checklist for that year."), status=404)


def _claim_first_copy(area_id: int, year: int, actor: Actor) -> bool:
    """True for the one request that makes the area's checklist for the year; false when it
    exists already, also when a concurrent first view has just made it."""
    if db.session.get(AnnualChecklist, (area_id, year)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(AnnualChecklist(area_id=area_id, year=year, created_by_id=actor.user_id))
    except IntegrityError:
        return False
    return True


def checklist(area_id: int, year: int, actor: Actor) -> list[AnnualTask]:
    """The area's tasks for the year, copied from the template on first use (only once: an area
    that removed every task keeps an empty list)."""
    if _claim_first_copy(area_id, year, actor):
        db.session.add_all(AnnualTask(area_id=area_id, year=year, month_from=t.month_from, month_to=t.month_to,
                                      party=t.party, text_fi=t.fi, text_sv=t.sv, text_en=t.en) for t in TEMPLATE)
        audit(actor, "annual_created", "annual_checklist", f"{area_id}:{year}", area_id)
        db.session.flush()
    return list(db.session.scalars(
        select(AnnualTask).where(AnnualTask.area_id == area_id, AnnualTask.year == year)
        .order_by(AnnualTask.month_from, AnnualTask.month_to, AnnualTask.id)))


def find_task(task_id: int) -> AnnualTask | None:
    return db.session.get(AnnualTask, task_id)


def set_done(task: AnnualTask, done: bool, actor: Actor) -> None:
    task.done_at, task.done_by_id = (utcnow(), actor.user_id) if done else (None, None)
    audit(actor, "annual_done" if done else "annual_undone", "annual_task", task.id, task.area_id)
    db.session.flush()


def add_task(area_id: int, year: int, data: dict[str, Any], actor: Actor) -> AnnualTask:
    month_message = _("Month: a number from 1 to 12.")
    month_from = validation.as_int(data.get("month_from"), "month_from", month_message)
    month_to = validation.as_int(data.get("month_to"), "month_to", month_message)
    for name, month in (("month_from", month_from), ("month_to", month_to)):
        if not 1 <= month <= 12:
            raise DomainError("invalid_month", month_message, field=name)
    if month_to < month_from:
        raise DomainError("invalid_months", _("The last month comes before the first one."), field="month_to")
    if data.get("party") not in PARTIES:
        raise DomainError("invalid_party", _("Choose who does it."), field="party")
    text = str(data.get("text") or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise DomainError("invalid_text", _("Task: 1 to %(max)d characters.", max=MAX_TEXT), field="text")
    # the area's own task is shown as written, whatever the reader's language
    task = AnnualTask(area_id=area_id, year=year, month_from=month_from, month_to=month_to, party=data["party"],
                      text_fi=text, text_sv=text, text_en=text)
    db.session.add(task)
    db.session.flush()
    audit(actor, "annual_task_added", "annual_task", task.id, area_id, text=text)
    db.session.flush()
    return task


def remove_task(task: AnnualTask, actor: Actor) -> None:
    audit(actor, "annual_task_removed", "annual_task", task.id, task.area_id, text=task.text_fi)
    db.session.delete(task)
    db.session.flush()


def due(area_ids: list[int], today: date, actor: Actor) -> list[AnnualTask]:
    """Open tasks of these areas whose months include this month."""
    tasks = []
    for area_id in area_ids:
        tasks += [t for t in checklist(area_id, today.year, actor)
                  if t.done_at is None and t.month_from <= today.month <= t.month_to]
    return tasks
