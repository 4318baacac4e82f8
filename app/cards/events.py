"""Events at a venue with a Kaikukortti quota (default: the national percentage of capacity, rounded up)."""
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from app.core.errors import DomainError
from app.cards.validation import as_int
from app.extensions import db
from app.models import Event, NationalSettings, Organisation, Use
from app.models.base import HELSINKI, helsinki_day_bounds

HISTORY_DAYS = 90
HISTORY_LIMIT = 200


def default_quota(capacity: int) -> int:
    return math.ceil(capacity * NationalSettings.current().quota_percent / 100)


def _capacity(value: Any) -> int:
    message = _("Capacity: a whole number from 1 to 100000.")
    capacity = as_int(value, "capacity", message)
    if not 1 <= capacity <= 100000:
        raise DomainError("invalid_capacity", message, field="capacity")
    return capacity


def _quota(value: Any, capacity: int) -> int:
    message = _("Quota: a whole number from 0 to the capacity.")
    quota = as_int(value, "quota", message)
    if not 0 <= quota <= capacity:
        raise DomainError("invalid_quota", message, field="quota")
    return quota


def _starts_at(value: Any) -> datetime:
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if at.tzinfo is None:
            at = at.replace(tzinfo=HELSINKI)
        return at.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise DomainError("invalid_starts_at", _("Start time: a date and time, for example 2026-05-04T19:00."),
                          field="starts_at") from None


def _name(value: Any) -> str:
    name = str(value or "").strip()
    if not 1 <= len(name) <= 200:
        raise DomainError("invalid_name", _("Name: 1 to 200 characters."), field="name")
    return name


def create_event(venue: Organisation, data: dict[str, Any]) -> Event:
    capacity = _capacity(data.get("capacity"))
    quota = default_quota(capacity) if data.get("quota") in (None, "") else _quota(data["quota"], capacity)
    event = Event(venue_id=venue.id, name=_name(data.get("name")), starts_at=_starts_at(data.get("starts_at")),
                  capacity=capacity, quota=quota, sold_out=bool(data.get("sold_out", False)))
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, data: dict[str, Any]) -> Event:
    if "name" in data:
        event.name = _name(data["name"])
    if "starts_at" in data:
        event.starts_at = _starts_at(data["starts_at"])
    if "capacity" in data:
        event.capacity = _capacity(data["capacity"])
    if "quota" in data:
        event.quota = default_quota(event.capacity) if data["quota"] in (None, "") else _quota(data["quota"], event.capacity)
    elif event.quota is not None and event.quota > event.capacity:
        event.quota = event.capacity
    if "sold_out" in data:
        event.sold_out = bool(data["sold_out"])
    db.session.flush()
    return event


@dataclass(frozen=True)
class EventRow:
    """An event as the venue's list shows it: Kaikukortti tickets used (undone uses left out) and
    whether any use, even an undone one, points at it (then it is kept, never deleted)."""

    event: Event
    used: int
    has_uses: bool


def with_counts(found: list[Event]) -> list[EventRow]:
    if not found:
        return []
    counts = {
        event_id: (used, total) for event_id, used, total in db.session.execute(
            select(Use.event_id,
                   func.coalesce(func.sum(case((Use.undone_at.is_(None), Use.adults + Use.children), else_=0)), 0),
                   func.count())
            .where(Use.event_id.in_([event.id for event in found])).group_by(Use.event_id))
    }
    rows = []
    for event in found:
        used, total = counts.get(event.id, (0, 0))
        rows.append(EventRow(event, used, total > 0))
    return rows


def upcoming(venue: Organisation, today: date) -> list[EventRow]:
    """The venue's events from the start of `today` on, soonest first."""
    start, _end = helsinki_day_bounds(today)
    found = db.session.scalars(
        select(Event).where(Event.venue_id == venue.id, Event.starts_at >= start).order_by(Event.starts_at)
    ).all()
    return with_counts(list(found))


def on_day(venue: Organisation, day: date) -> list[Event]:
    """The venue's events starting on `day` (Helsinki time), in order."""
    start, end = helsinki_day_bounds(day)
    return list(db.session.scalars(
        select(Event).where(Event.venue_id == venue.id, Event.starts_at >= start, Event.starts_at < end)
        .order_by(Event.starts_at, Event.id)
    ))


def history(venue: Organisation, today: date, *, days: int = HISTORY_DAYS) -> list[EventRow]:
    """The venue's events that started before `today` (at most `days` back), newest first."""
    start, _end = helsinki_day_bounds(today)
    found = db.session.scalars(
        select(Event).where(Event.venue_id == venue.id, Event.starts_at < start,
                            Event.starts_at >= start - timedelta(days=days))
        .order_by(Event.starts_at.desc(), Event.id.desc()).limit(HISTORY_LIMIT)
    ).all()
    return with_counts(list(found))


def delete_event(event: Event) -> None:
    """An event nobody has used may go (a typing mistake); one with uses stays for the statistics."""
    if db.session.scalar(select(func.count()).select_from(Use).where(Use.event_id == event.id)):
        raise DomainError("event_has_uses", _("This event has recorded uses, so it cannot be deleted. You can "
                                              "mark it sold out instead."), status=409)
    db.session.delete(event)
    db.session.flush()
