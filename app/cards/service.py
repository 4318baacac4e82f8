"""Services that change cards and uses. They flush, never commit: the request commits once."""
import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

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


def organisation_active(org: Organisation, on: date) -> bool:
    """Approved, in effect, and committed to the current operating model (if one is published)."""
    if org.approval_state != "approved" or (org.approved_from and org.approved_from > on):
        return False
    latest = db.session.scalars(
        select(CommitmentVersion).order_by(CommitmentVersion.published_at.desc(), CommitmentVersion.id.desc())
    ).first()
    if latest is None:
        return True
    return db.session.scalar(
        select(func.count()).select_from(CommitmentAck)
        .where(CommitmentAck.organisation_id == org.id, CommitmentAck.version_id == latest.id)
    ) > 0


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
        site_active=organisation_active(venue, on), party=party, event=event,
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


def record_use(data: dict[str, Any], *, venue: Organisation, actor: Actor, default_source: str = "manual",
               now: datetime | None = None, max_age: timedelta = LIVE_SLACK) -> tuple[Use | None, dict]:
    """Record one use; the same client_scan_id again returns the first answer and records nothing."""
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
    scanned_at = parse_scanned_at(data.get("scanned_at"), now, max_age)

    verdict, card, event = check(raw, venue=venue, at=scanned_at, party=party,
                                 event_id=data.get("event_id"), lock=True)
    answer = verdict.to_dict()
    if not verdict.accepted:
        db.session.add(RefusedScan(venue_id=venue.id, user_id=actor.user_id, reason=verdict.reason,
                                   raw_code=raw[:200], source=source, client_scan_id=client_scan_id))
        db.session.flush()
        return None, answer
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


def record_batch(items: Any, *, venue: Organisation, actor: Actor) -> list[dict[str, Any]]:
    """Offline sync: each item judged at its own scanned_at; one bad item does not stop the rest."""
    if not isinstance(items, list) or not 1 <= len(items) <= 500:
        raise DomainError("invalid_batch", _("uses: a list of 1 to 500 items."), field="uses")
    results = []
    for item in items:
        if not isinstance(item, dict):
            results.append({"status": 400, "error": "invalid_item", "message": _("Each item must be an object.")})
            continue
        try:
            with db.session.begin_nested():
                use, verdict = record_use(item, venue=venue, actor=actor, default_source="offline_sync",
                                          max_age=OFFLINE_WINDOW)
        except DomainError as err:
            results.append({"client_scan_id": item.get("client_scan_id"), "status": err.status,
                            "error": err.code, "message": err.message})
            continue
        result = {"client_scan_id": item.get("client_scan_id"), "verdict": verdict}
        if use is not None:
            result.update(status=201, use_id=use.id)
        else:
            result.update(status=200)
        results.append(result)
    return results


def undo_use(use: Use, *, actor: Actor, now: datetime | None = None) -> Use:
    now = now or utcnow()
    hours = NationalSettings.current().undo_hours
    if use.undone_at is not None:
        raise DomainError("already_undone", _("This use has already been undone."))
    if now - use.received_at > timedelta(hours=hours):
        raise DomainError("undo_window_passed",
                          _("A use can be undone only within %(hours)d hours.", hours=hours))
    use.undone_at = now
    use.undone_by_id = actor.user_id
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
    if site.kind != "distributor" or not organisation_active(site, today):
        raise DomainError("organisation_not_active", _(
            "Your organisation cannot register cards now: it must be an approved distributor that "
            "has acknowledged the current commitment."), status=403)


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
        reason = "replaced"
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
