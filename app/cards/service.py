"""Services that change cards and uses. They flush, never commit: the request commits once."""
import calendar
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Callable

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.attributes import set_committed_value

from app.cards import ids, rules, validation
from app.cards.errors import DomainError
from app.cards.rules import Party, Verdict
from app.extensions import db
from app.models import (
    AuditEntry, Card, CardEvent, CommitmentAck, CommitmentVersion, Event, NationalSettings,
    Organisation, RefusedScan, Use,
)
from app.models.base import helsinki_date, helsinki_day_bounds, utcnow
from app.models.card import INACTIVATION_REASONS
from app.models.use import SOURCES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Who does something: a person, or an organisation's API key."""

    user_id: int | None = None
    api_key_id: int | None = None


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def audit(actor: Actor, action: str, target_type: str, target_id: Any, area_id: int | None = None,
          **details: Any) -> None:
    db.session.add(AuditEntry(user_id=actor.user_id, api_key_id=actor.api_key_id, action=action,
                              target_type=target_type, target_id=str(target_id), area_id=area_id,
                              details=details))


def find_card(scan: ids.Scan, *, for_update: bool = False) -> Card | None:
    """An existing legacy ID wins over the new-format reading of the same string."""
    keys = [k for k in (scan.legacy, scan.key) if k]
    if not keys:
        return None
    query = select(Card).where(Card.lookup_key.in_(keys))
    if for_update:
        query = query.with_for_update()
    found = {card.lookup_key: card for card in db.session.scalars(query)}
    return next((found[k] for k in keys if k in found), None)


def site_problem(org: Organisation, on: date) -> rules.SiteProblem | None:
    """Why the site cannot issue or record on `on`, or None when it can: it must be approved, in
    effect, and have acknowledged the current commitment (or, until the date the national admin set
    when publishing it, the version before)."""
    if org.approval_state != "approved":
        return rules.SiteProblem("not_approved")
    if org.approved_from and org.approved_from > on:
        return rules.SiteProblem("approval_starts", org.approved_from)
    latest, previous = (list(db.session.scalars(
        select(CommitmentVersion).order_by(CommitmentVersion.published_at.desc(), CommitmentVersion.id.desc())
        .limit(2))) + [None, None])[:2]
    if latest is None:
        return None
    counted = [latest.id]
    if previous is not None and latest.previous_counts_until and on <= latest.previous_counts_until:
        counted.append(previous.id)
    acknowledged = db.session.scalar(select(func.count()).select_from(CommitmentAck).where(
        CommitmentAck.organisation_id == org.id, CommitmentAck.version_id.in_(counted)))
    return None if acknowledged else rules.SiteProblem("commitment_missing")


def organisation_active(org: Organisation, on: date) -> bool:
    return site_problem(org, on) is None


def event_tickets_used(event: Event) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Use.adults + Use.children), 0))
        .where(Use.event_id == event.id, Use.undone_at.is_(None))
    )


def earlier_use_today(card: Card, venue: Organisation, at: datetime) -> datetime | None:
    start, end = helsinki_day_bounds(helsinki_date(at))
    return db.session.scalar(
        select(func.min(Use.scanned_at)).where(
            Use.card_id == card.id, Use.venue_id == venue.id, Use.undone_at.is_(None),
            Use.scanned_at >= start, Use.scanned_at < end)
    )


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
          event_id: Any = None, lock: bool = False) -> tuple[Verdict, Card | None, Event | None]:
    """The verdict for a scan at a venue at a moment, with the facts it was built from."""
    at = at or utcnow()
    on = helsinki_date(at)
    event = venue_event(venue, event_id, for_update=lock)
    card = find_card(ids.parse_scan(raw))
    verdict = rules.evaluate(
        ids.parse_scan(raw), card, on=on, settings=NationalSettings.current(),
        site_problem=site_problem(venue, on), party=party, event=event,
        event_used=event_tickets_used(event) if event else 0,
        earlier_use_at=earlier_use_today(card, venue, at) if card is not None else None,
    )
    return verdict, card, event


def public_state(raw: str, today: date | None = None) -> dict[str, Any]:
    """What anyone who knows a card number may learn: valid, expired (with the date), not yet
    registered, or not in use. Unknown and inactivated cards answer alike."""
    scan = ids.parse_scan(raw)
    if scan.malformed:
        return {"state": "malformed", "valid_until": None}
    card = find_card(scan)
    today = today or helsinki_date(utcnow())
    if card is None or card.state == "inactivated":
        return {"state": "not_in_use", "valid_until": None}
    if card.state == "stock":
        return {"state": "not_registered", "valid_until": None}
    state = "expired" if card.is_expired_on(today) else "valid"
    return {"state": state, "valid_until": card.valid_until.isoformat()}


def parse_party(data: dict[str, Any]) -> Party:
    def count(name: str, default: int, low: int, high: int) -> int:
        message = _("%(field)s: a whole number from %(low)d to %(high)d.", field=name, low=low, high=high)
        value = validation.as_int(data.get(name, default) if data.get(name) is not None else default,
                                  name, message)
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
    refused scan with reason too_old instead of being an error."""
    now = now or utcnow()
    client_scan_id = str(data.get("client_scan_id") or "").strip()
    if not 8 <= len(client_scan_id) <= 64:
        raise DomainError("invalid_client_scan_id", _("client_scan_id: 8 to 64 characters."),
                          field="client_scan_id")
    existing = _earlier_submission(venue, client_scan_id)
    if existing is not None:
        return _stored_answer(existing)
    raw = str(data.get("card") or "")
    party = parse_party(data)
    source = data.get("source") or default_source
    if source not in SOURCES:
        raise DomainError("invalid_source", _("Unknown source."), field="source")
    category = data.get("category") or venue.default_category
    if category not in ("culture", "education", "science", "sports"):
        raise DomainError("invalid_category", _("Unknown category."), field="category")
    try:
        scanned_at = parse_scanned_at(data.get("scanned_at"), now, max_age)
    except DomainError as err:
        if err.code != "scanned_at_too_old" or not keep_too_old:
            raise
        return None, _kept_too_old(venue, actor, raw, source, client_scan_id)

    verdict, card, event = check(raw, venue=venue, at=scanned_at, party=party,
                                 event_id=data.get("event_id"), lock=True)
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
    use = Use(client_scan_id=client_scan_id, card_id=card.id, venue_id=venue.id,
              user_id=actor.user_id, api_key_id=actor.api_key_id, scanned_at=scanned_at,
              received_at=now, category=category, adults=party.adults, children=party.children,
              assistants=party.assistants, event_id=event.id if event else None, source=source,
              warning=verdict.reason if verdict.status == rules.WARNING else None, verdict=answer)
    try:
        with db.session.begin_nested():
            db.session.add(use)
    except IntegrityError:
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
    hours = NationalSettings.current().undo_hours
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


# --- issuing -------------------------------------------------------------------------------

def _card_for_change(raw: str, *, for_update: bool = True) -> Card:
    scan = ids.parse_scan(raw)
    card = find_card(scan, for_update=for_update)
    if card is None:
        if scan.malformed:
            raise DomainError("malformed", rules.message_for("malformed"))
        raise DomainError("unknown", rules.message_for("unknown"), status=404)
    return card


def _require_operating(site: Organisation, today: date) -> None:
    problem = site_problem(site, today) if site.kind == "distributor" else rules.SiteProblem("not_approved")
    if problem is not None:
        raise DomainError("organisation_not_active", problem.message(), status=403)


def card_by_number(raw: str) -> Card:
    """The card a typed or scanned number names; a DomainError says to check the number."""
    return _card_for_change(raw, for_update=False)


def _allocated_to(card: Card, site: Organisation) -> bool:
    """Stock is usable where it was allocated: to the site, or to the site's area. Unallocated
    stock belongs to no one yet."""
    if card.allocated_site_id is not None:
        return card.allocated_site_id == site.id
    return card.allocated_area_id is not None and card.allocated_area_id == site.area_id


def _apply_registration(card: Card, reg: validation.Registration) -> None:
    card.birth_year, card.postcode = reg.birth_year, reg.postcode
    card.municipality_code, card.children = reg.municipality_code, reg.children
    card.gender, card.life_situation, card.service_type = reg.gender, reg.life_situation, reg.service_type


def register(raw: str, data: dict[str, Any], *, site: Organisation, actor: Actor,
             today: date | None = None) -> Card:
    today = today or helsinki_date(utcnow())
    _require_operating(site, today)
    card = _card_for_change(raw)
    if card.state == "active":
        raise DomainError("already_registered", _("This card is already registered and in use."))
    if card.state == "inactivated":
        raise DomainError("inactivated", _("This card has been taken out of use and cannot be registered."))
    if not _allocated_to(card, site):
        raise DomainError("allocated_elsewhere", _(
            "This card belongs to another distributor's stock. Use a card from your own stock."))
    reg = validation.registration(data, today)
    issued_on = validation.issue_date(data.get("issued_on"), today)
    if card.kind != reg.kind:
        raise DomainError("wrong_kind", _("This card is a %(kind)s card.", kind=kind_label(card.kind)),
                          field="kind")
    _apply_registration(card, reg)
    card.state = "active"
    card.issuing_site_id, card.issued_area_id = site.id, site.area_id
    card.issued_on = issued_on
    card.valid_until = add_months(issued_on, NationalSettings.current().validity_months)
    card.history.append(CardEvent(action="registered", on_date=issued_on, site_id=site.id,
                                  user_id=actor.user_id))
    db.session.flush()
    return card


def renew(raw: str, data: dict[str, Any], *, site: Organisation, actor: Actor,
          today: date | None = None) -> Card:
    today = today or helsinki_date(utcnow())
    _require_operating(site, today)
    card = _card_for_change(raw)
    if card.state != "active":
        raise DomainError("not_active", _("Only a registered card that is in use can be renewed."))
    if card.issuing_site_id != site.id:
        raise DomainError("other_distributor", _(
            "A card is renewed where it was issued. Ask the holder to go to the distributor that "
            "gave the card."), status=403)
    if card.kind == "client":
        reg = validation.registration({**_registration_dict(card), **data, "kind": "client"}, today)
        _apply_registration(card, reg)
    card.issued_on = today
    card.valid_until = add_months(today, NationalSettings.current().validity_months)
    card.history.append(CardEvent(action="renewed", on_date=today, site_id=site.id, user_id=actor.user_id))
    db.session.flush()
    return card


def _registration_dict(card: Card) -> dict[str, Any]:
    return {"birth_year": card.birth_year, "postcode": card.postcode,
            "municipality": card.municipality_code, "children": card.children, "gender": card.gender,
            "life_situation": card.life_situation, "service_type": card.service_type}


def inactivate(raw: str, data: dict[str, Any], *, site: Organisation | None, actor: Actor,
               today: date | None = None) -> tuple[Card, Card | None]:
    """Take a card out of use; with a replacement, register the new card with the same data."""
    today = today or helsinki_date(utcnow())
    reason = data.get("reason")
    if reason not in INACTIVATION_REASONS:
        raise DomainError("invalid_reason", _("Choose a reason."), field="reason")
    card = _card_for_change(raw)
    if card.state != "active":
        raise DomainError("not_active", _("Only a registered card that is in use can be taken out of use."))
    if site is not None and card.issuing_site_id != site.id:
        raise DomainError("other_distributor", _(
            "Only the distributor that issued the card can take it out of use."), status=403)
    replacement = None
    if data.get("replacement"):
        if site is None:
            raise DomainError("no_site", _("A replacement card is registered at a distributor site."))
        reg_data = {**_registration_dict(card), "kind": card.kind}
        replacement = register(str(data["replacement"]), reg_data, site=site, actor=actor, today=today)
    elif reason == "replaced":
        raise DomainError("replacement_missing", _("Give the new card's number."), field="replacement")
    card.state = "inactivated"
    card.inactivated_reason = reason
    card.inactivated_at = utcnow()
    card.inactivated_by_id = actor.user_id
    card.replacement_id = replacement.id if replacement else None
    card.history.append(CardEvent(action="inactivated", on_date=today, site_id=site.id if site else None,
                                  user_id=actor.user_id, note=reason))
    audit(actor, "card_inactivated", "card", card.id, card.issued_area_id, reason=reason,
          replacement=card.replacement_id)
    db.session.flush()
    return card, replacement


def kind_label(kind: str) -> str:
    return _("community") if kind == "community" else _("client")
