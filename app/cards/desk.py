"""The ticket desk: the verdict for a scan, recording uses one by one or as an offline batch, and undo.
Flush only: the request commits."""
import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any, Callable

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.attributes import set_committed_value

from app.cards import ids, lookup, rules, validation
from app.cards.rules import Party, Verdict
from app.cards.use_rows import insert_use
from app.core.audit import Actor, audit
from app.core.errors import DomainError
from app.extensions import db
from app.models import Event, Organisation, RefusedScan, Use
from app.models.base import helsinki_date, helsinki_day_bounds, utcnow
from app.models.organisation import CATEGORIES
from app.models.use import SOURCES
from app.network import settings as national
from app.network.operating import site_problem

log = logging.getLogger(__name__)


def event_tickets_used(event: Event) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Use.adults + Use.children), 0))
        .where(Use.event_id == event.id, Use.undone_at.is_(None))
    )


def uses_on(venue: Organisation, day: date) -> list[Use]:
    """The venue's uses scanned on `day` (Helsinki time), newest first, undone ones included."""
    start, end = helsinki_day_bounds(day)
    return list(db.session.scalars(
        select(Use).where(Use.venue_id == venue.id, Use.scanned_at >= start, Use.scanned_at < end)
        .order_by(Use.scanned_at.desc(), Use.id.desc())
    ))


def venue_event(venue: Organisation, event_id: Any, *, for_update: bool = False) -> Event | None:
    if event_id in (None, ""):
        return None
    event_pk = validation.as_int(event_id, "event_id", _("Unknown event."))
    if not 0 < event_pk < 2**31:
        raise DomainError("unknown_event", _("Unknown event."), status=404, field="event_id")
    query = select(Event).where(Event.id == event_pk)
    if for_update:
        query = query.with_for_update()
    event = db.session.scalars(query).first()
    if event is None or event.venue_id != venue.id:
        raise DomainError("unknown_event", _("Unknown event."), status=404, field="event_id")
    return event


def check(raw: str, *, venue: Organisation, at: datetime | None = None, party: Party = Party(),
          event_id: Any = None) -> tuple[Verdict, lookup.CardFacts | None, Event | None]:
    """The verdict for a scan at a venue (an Organisation, or its kept facts app.auth.principal.Site)
    at a moment, with the facts it was built from. Without an event: one statement (the settings and
    the site's commitment state are kept per worker, app.core.short_cache)."""
    verdict, found, event = _judge(raw, venue=venue, at=at or utcnow(), party=party, event_id=event_id)
    return verdict, found.card, event


def _judge(raw: str, *, venue, at: datetime, party: Party, event_id: Any, lock: bool = False,
           client_scan_id: str | None = None) -> tuple[Verdict, lookup.AtVenue, Event | None]:
    on = helsinki_date(at)
    event = venue_event(venue, event_id, for_update=lock)
    scan = ids.parse_scan(raw)
    db.session.flush()  # Core reads below: what this session added must be in the database first
    found = lookup.card_at_venue(db.session.connection(), scan, venue.id, at, client_scan_id)
    verdict = rules.evaluate(
        scan, found.card, on=on, settings=national.current(),
        site_problem=site_problem(venue, on), party=party, event=event,
        event_used=event_tickets_used(event) if event else 0, earlier_use_at=found.earlier_use_at,
    )
    return verdict, found, event


def parse_party(data: dict[str, Any]) -> Party:
    def count(name: str, default: int, low: int, high: int) -> int:
        given = data.get(name)
        if given is None or (type(given) is int and low <= given <= high):
            return default if given is None else given  # the usual case, without building a message
        message = _("%(field)s: a whole number from %(low)d to %(high)d.", field=name, low=low, high=high)
        value = validation.as_int(given, name, message)
        if not low <= value <= high:
            raise DomainError("invalid_" + name, message, field=name)
        return value

    return Party(adults=count("adults", 1, 1, 1), children=count("children", 0, 0, 100),
                 assistants=count("assistants", 0, 0, 20))


LIVE_SLACK = timedelta(minutes=15)
OFFLINE_WINDOW = timedelta(hours=72)


def parse_scanned_at(value: Any, now: datetime, max_age: timedelta = LIVE_SLACK) -> datetime:
    """The client's scan time as naive UTC: a time in the future is taken as now, and a time
    older than `max_age` (a few minutes live, three days for an offline queue) is refused, so
    a scan cannot be dated back to when an expired card was still valid."""
    if value in (None, ""):
        return now
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise DomainError("invalid_scanned_at", _("scanned_at must be an ISO 8601 time."),
                          field="scanned_at") from None
    if at < now - max_age:
        raise DomainError("scanned_at_too_old", _("This scan is too old to be recorded."), field="scanned_at")
    return min(at, now)


def _earlier_submission(venue: Organisation, client_scan_id: str) -> Use | None:
    """Client scan IDs are unique per venue: another venue's equal ID is a different scan."""
    return db.session.scalars(
        select(Use).where(Use.venue_id == venue.id, Use.client_scan_id == client_scan_id)).first()


def _stored_answer(use: Use) -> tuple[Use, dict[str, Any]]:
    return use, use.verdict


def _log_refusal(venue: Organisation, actor: Actor, reason: str, raw: str, source: str, client_scan_id: str) -> None:
    db.session.add(RefusedScan(venue_id=venue.id, user_id=actor.user_id, reason=reason, raw_code=raw[:200],
                               source=source, client_scan_id=client_scan_id))
    db.session.flush()


def _kept_too_old(venue: Organisation, actor: Actor, raw: str, source: str, client_scan_id: str) -> dict:
    """A queued scan past the offline window: not a use, but kept as a refused scan (once per
    client_scan_id, so a batch sent again adds nothing) for the staff and the coordinator to see."""
    kept = db.session.scalar(select(func.count()).select_from(RefusedScan).where(
        RefusedScan.venue_id == venue.id, RefusedScan.client_scan_id == client_scan_id,
        RefusedScan.reason == "too_old"))
    if not kept:
        _log_refusal(venue, actor, "too_old", raw, source, client_scan_id)
    return rules.Verdict(rules.ERROR, "too_old", rules.message_for("too_old")).to_dict()


def record_use(data: dict[str, Any], *, venue: Organisation, actor: Actor, default_source: str = "manual",
               now: datetime | None = None, max_age: timedelta = LIVE_SLACK,
               keep_too_old: bool = False) -> tuple[Use | None, dict]:
    """Record one use; the same client_scan_id again returns the first answer and records nothing.
    A same-day repeat at the venue is recorded only with `confirm_repeat`; without it the answer is
    the warning verdict. With `keep_too_old` (offline sync) a scan older than `max_age` is kept as a
    refused scan with reason too_old instead of being an error. Without an event: one statement to
    read (card, today's earlier use, an earlier submission) and one INSERT ... ON CONFLICT DO NOTHING."""
    now = now or utcnow()
    client_scan_id = str(data.get("client_scan_id") or "").strip()
    if not 8 <= len(client_scan_id) <= 64:
        raise DomainError("invalid_client_scan_id", _("client_scan_id: 8 to 64 characters."),
                          field="client_scan_id")
    raw = str(data.get("card") or "")
    source = data.get("source") or default_source
    category = data.get("category") or venue.default_category
    try:
        party = parse_party(data)
        if source not in SOURCES:
            raise DomainError("invalid_source", _("Unknown source."), field="source")
        if category not in CATEGORIES:
            raise DomainError("invalid_category", _("Unknown category."), field="category")
        scanned_at = parse_scanned_at(data.get("scanned_at"), now, max_age)
        verdict, found, event = _judge(raw, venue=venue, at=scanned_at, party=party, event_id=data.get("event_id"),
                                       lock=True, client_scan_id=client_scan_id)
    except DomainError as err:
        # The same client_scan_id again gets the first answer, whatever else the body now says.
        existing = _earlier_submission(venue, client_scan_id)
        if existing is not None:
            return _stored_answer(existing)
        if err.code != "scanned_at_too_old" or not keep_too_old:
            raise
        return None, _kept_too_old(venue, actor, raw, source, client_scan_id)
    if found.submitted_use_id is not None:
        return _stored_answer(db.session.get(Use, found.submitted_use_id))
    answer = verdict.to_dict()
    if not verdict.accepted:
        _log_refusal(venue, actor, verdict.reason, raw, source, client_scan_id)
        return None, answer
    if verdict.reason == "already_used_today" and data.get("confirm_repeat") is not True:
        # The earlier use may be this very scan, recorded by a desk that sent it at the same moment.
        existing = _earlier_submission(venue, client_scan_id)
        return _stored_answer(existing) if existing is not None else (None, answer)
    if event is not None and answer.get("event"):
        answer["event"] = {**answer["event"], "used": answer["event"]["used"] + party.tickets}
    use = insert_use(dict(
        client_scan_id=client_scan_id, card_id=found.card.id, venue_id=venue.id, user_id=actor.user_id,
        api_key_id=actor.api_key_id, scanned_at=scanned_at, received_at=now, category=category,
        adults=party.adults, children=party.children, assistants=party.assistants,
        event_id=event.id if event else None, source=source,
        warning=verdict.reason if verdict.status == rules.WARNING else None, verdict=answer))
    if use is None:
        # Another request with the same client_scan_id won the race: answer as it did.
        return _stored_answer(_earlier_submission(venue, client_scan_id))
    return use, answer


def _item_as_is(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise DomainError("invalid_item", _("Each item must be an object."))
    return item


def record_batch(items: Any, *, venue: Organisation, actor: Actor,
                 read_item: Callable[[Any], dict[str, Any]] = _item_as_is) -> list[dict[str, Any]]:
    """Offline sync: one result per item, in order. Each item is read with `read_item` (the API's
    schema), judged at its own scanned_at and stored in its own savepoint, so one bad item, even one
    the database refuses, gets its own error and the others are recorded."""
    if not isinstance(items, list) or not 1 <= len(items) <= 500:
        raise DomainError("invalid_batch", _("uses: a list of 1 to 500 items."), field="uses")
    return [_batch_item(item, venue=venue, actor=actor, read_item=read_item) for item in items]


def _batch_item(item: Any, *, venue: Organisation, actor: Actor,
                read_item: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    scan_id = item.get("client_scan_id") if isinstance(item, dict) else None
    result: dict[str, Any] = {"client_scan_id": scan_id if isinstance(scan_id, str) else None}
    try:
        with db.session.begin_nested():
            use, verdict = record_use(read_item(item), venue=venue, actor=actor, default_source="offline_sync",
                                      max_age=OFFLINE_WINDOW, keep_too_old=True)
    except DomainError as err:
        problem = {"status": err.status, "error": err.code, "message": err.message}
        return {**result, **problem, **({"field": err.field} if err.field else {})}
    except (SQLAlchemyError, UnicodeError, OverflowError):
        log.warning("Offline use not stored", exc_info=True)
        return {**result, "status": 400, "error": "not_stored",
                "message": _("This use could not be stored: the data sent was not accepted.")}
    result.update(verdict=verdict, status=201 if use is not None else 200)
    if use is not None:
        result["use_id"] = use.id
    if verdict["reason"] == "too_old":
        result.update(error="too_old", message=verdict["message"])
    return result


def undo_use(use: Use, *, actor: Actor, now: datetime | None = None) -> Use:
    now = now or utcnow()
    hours = national.current().undo_hours
    if use.undone_at is not None:
        raise DomainError("already_undone", _("This use has already been undone."))
    if now - use.received_at > timedelta(hours=hours):
        raise DomainError("undo_window_passed",
                          _("A use can be undone only within %(hours)d hours.", hours=hours))
    # Exactly once, however many desks ask at the same moment: the database decides who wins,
    # not this session's possibly stale copy of the use.
    won = db.session.execute(
        update(Use).where(Use.id == use.id, Use.undone_at.is_(None))
        .values(undone_at=now, undone_by_id=actor.user_id),
        execution_options={"synchronize_session": False})
    if won.rowcount != 1:
        raise DomainError("already_undone", _("This use has already been undone."))
    set_committed_value(use, "undone_at", now)
    set_committed_value(use, "undone_by_id", actor.user_id)
    audit(actor, "use_undone", "use", use.id, use.venue.area_id, card=use.card_id)
    db.session.flush()
    return use
