"""Finding the card a scanned or typed number names, and what anyone may learn of it."""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, literal, select

from app.cards import ids, rules
from app.core.errors import DomainError
from app.extensions import db
from app.models import Area, Card, Use
from app.models.base import helsinki_date, helsinki_day_bounds, utcnow

# What the public check answers (DESIGN §3): unknown and inactivated cards answer alike.
PUBLIC_STATES = ("valid", "expired", "not_registered", "not_in_use", "malformed")
PUBLIC_STATE_OF = {rules.ACTIVE: "valid", rules.EXPIRED: "expired", rules.STOCK: "not_registered",
                   rules.INACTIVATED: "not_in_use"}


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


@dataclass(frozen=True)
class AreaName:
    name: str


@dataclass(frozen=True)
class CardFacts:
    """What a verdict needs of a card, read with one Core statement (app.cards.rules reads these
    attributes of a Card or of CardFacts alike)."""

    id: str
    kind: str
    state: str
    valid_until: date | None
    children: int
    issued_area: AreaName | None

    def is_expired_on(self, day: date) -> bool:
        return self.valid_until is not None and day > self.valid_until


@dataclass(frozen=True)
class AtVenue:
    """A scan at a venue, read in one statement: the card, the time of its first use not undone there
    on the same Helsinki day, and the use an earlier submission of the same client_scan_id recorded."""

    card: CardFacts | None
    earlier_use_at: datetime | None
    submitted_use_id: int | None


def _at_venue_statement(with_submission: bool):
    """Built once, with bound parameters: building a statement cost more than running it."""
    earlier = (select(func.min(Use.scanned_at))
               .where(Use.card_id == Card.id, Use.venue_id == bindparam("venue_id"), Use.undone_at.is_(None),
                      Use.scanned_at >= bindparam("start"), Use.scanned_at < bindparam("end")).scalar_subquery())
    columns = [Card.lookup_key, Card.id, Card.kind, Card.state, Card.valid_until, Card.children, Area.name,
               earlier.label("earlier_use_at")]
    wanted = Card.lookup_key.in_([bindparam("legacy"), bindparam("key")])
    if not with_submission:
        return select(*columns).outerjoin(Area, Area.id == Card.issued_area_id).where(wanted)
    # One row even when no card matches: the earlier submission is wanted either way.
    submitted = (select(Use.id).where(Use.venue_id == bindparam("venue_id"),
                                      Use.client_scan_id == bindparam("client_scan_id")).scalar_subquery())
    one = select(literal(1).label("one")).subquery()
    return (select(*columns, submitted.label("submitted_use_id"))
            .select_from(one.outerjoin(Card, wanted).outerjoin(Area, Area.id == Card.issued_area_id)))


AT_VENUE = _at_venue_statement(False)
AT_VENUE_SUBMITTED = _at_venue_statement(True)


def card_at_venue(connection: Connection, scan: ids.Scan, venue_id: int, at: datetime,
                  client_scan_id: str | None = None) -> AtVenue:
    """One statement on the hot path (card, its area's name, today's earlier use here and, given a
    client_scan_id, the earlier submission); an existing legacy ID wins as in `find_card`."""
    keys = [k for k in (scan.legacy, scan.key) if k]
    if not keys and client_scan_id is None:
        return AtVenue(None, None, None)
    start, end = helsinki_day_bounds(helsinki_date(at))
    # No key matches an empty string: lookup keys are never empty.
    params = {"venue_id": venue_id, "start": start, "end": end, "legacy": scan.legacy or "", "key": scan.key or ""}
    if client_scan_id is None:
        result = connection.execute(AT_VENUE, params)
    else:
        result = connection.execute(AT_VENUE_SUBMITTED, {**params, "client_scan_id": client_scan_id})
    rows = {row.lookup_key: row for row in result}
    submitted_id = next((row.submitted_use_id for row in rows.values()), None) if client_scan_id else None
    row = next((rows[k] for k in keys if k in rows), None)
    if row is None:
        return AtVenue(None, None, submitted_id)
    card = CardFacts(row.id, row.kind, row.state, row.valid_until, row.children,
                     AreaName(row.name) if row.name is not None else None)
    return AtVenue(card, row.earlier_use_at, submitted_id)


def card_for_change(raw: str, *, for_update: bool = True) -> Card:
    scan = ids.parse_scan(raw)
    card = find_card(scan, for_update=for_update)
    if card is None:
        if scan.malformed:
            raise DomainError("malformed", rules.message_for("malformed"))
        raise DomainError("unknown", rules.message_for("unknown"), status=404)
    return card


def card_by_number(raw: str) -> Card:
    """The card a typed or scanned number names; a DomainError says to check the number."""
    return card_for_change(raw, for_update=False)


def public_state(raw: str, today: date | None = None) -> dict[str, Any]:
    """What anyone who knows a card number may learn: valid, expired (with the date), not yet
    registered, or not in use. Unknown and inactivated cards answer alike."""
    scan = ids.parse_scan(raw)
    if scan.malformed:
        return {"state": "malformed", "valid_until": None}
    card = find_card(scan)
    if card is None:
        return {"state": "not_in_use", "valid_until": None}
    state = rules.card_state(card, today or helsinki_date(utcnow()))
    dated = state in (rules.ACTIVE, rules.EXPIRED) and card.valid_until is not None
    return {"state": PUBLIC_STATE_OF[state], "valid_until": card.valid_until.isoformat() if dated else None}
