"""Finding the card a scanned or typed number names, and what anyone may learn of it."""
from datetime import date
from typing import Any

from sqlalchemy import select

from app.cards import ids, rules
from app.core.errors import DomainError
from app.extensions import db
from app.models import Card
from app.models.base import helsinki_date, utcnow

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
