"""Import of cards from the previous system. All rows are checked first; any error imports nothing."""
import csv
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.cards import ids, validation
from app.cards.errors import DomainError
from app.cards.service import Actor, audit
from app.extensions import db
from app.models import Card, CardEvent, Municipality

COLUMNS = ("id", "kind", "issued_on", "valid_until", "municipality", "birth_year", "postcode", "children", "state")
STATES = {"active": "active", "expired": "active", "inactivated": "inactivated", "stock": "stock"}
MAX_ROWS = 200_000


@dataclass
class ImportPlan:
    cards: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _date(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError("invalid_" + name, _("%(field)s: a date like 2024-05-31.", field=name)) from None


def _row(row: dict[str, str], today: date) -> dict[str, Any]:
    card_id = (row.get("id") or "").strip()
    if not card_id or len(ids.legacy_key(card_id)) > 40:
        raise DomainError("invalid_id", _("id: missing or longer than 40 characters."))
    kind = (row.get("kind") or "client").strip()
    if kind not in ("client", "community"):
        raise DomainError("invalid_kind", _("Kind must be client or community."))
    state = STATES.get((row.get("state") or "active").strip())
    if state is None:
        raise DomainError("invalid_state", _("state: active, expired, inactivated or stock."))
    issued_on, valid_until = _date(row.get("issued_on", "").strip(), "issued_on"), _date(
        row.get("valid_until", "").strip(), "valid_until")
    out = {"id": card_id, "lookup_key": ids.legacy_key(card_id), "legacy": True, "kind": kind, "state": state,
           "issued_on": issued_on, "valid_until": valid_until, "children": 0, "municipality_code": None,
           "birth_year": None, "postcode": None}
    if state == "stock":
        return out
    if issued_on is None or valid_until is None or valid_until < issued_on:
        raise DomainError("invalid_dates", _("A registered card needs issued_on and a later valid_until."))
    if kind == "client":
        code = (row.get("municipality") or "").strip().zfill(3)
        if db.session.get(Municipality, code) is None:
            raise DomainError("unknown_municipality", _("Unknown municipality."))
        year = validation.as_int(row.get("birth_year"), "birth_year", _("birth_year: a year."))
        if not today.year - validation.MAX_AGE <= year <= today.year - 15:
            raise DomainError("invalid_birth_year", _("birth_year: the holder must be at least 16."))
        out.update(municipality_code=code, birth_year=year, postcode=validation.postcode(row.get("postcode")),
                   children=validation.children(row.get("children")))
    return out


def plan_import(stream: IO[str], today: date) -> ImportPlan:
    plan = ImportPlan()
    reader = csv.DictReader(stream)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        plan.errors.append((1, _("Missing columns: %(columns)s", columns=", ".join(missing))))
        return plan
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS:
            plan.errors.append((number, _("Too many rows.")))
            break
        try:
            card = _row(row, today)
        except DomainError as err:
            plan.errors.append((number, err.message))
            continue
        if card["lookup_key"] in seen:
            plan.errors.append((number, _("The same card twice in the file.")))
            continue
        seen.add(card["lookup_key"])
        plan.cards.append(card)
        plan.lines.append(number)
    keys = [c["lookup_key"] for c in plan.cards]
    existing = set()
    for start in range(0, len(keys), 1000):
        existing |= set(db.session.scalars(select(Card.lookup_key).where(Card.lookup_key.in_(keys[start:start + 1000]))))
    for line, card in zip(plan.lines, plan.cards):
        if card["lookup_key"] in existing:
            plan.errors.append((line, _("Card %(id)s already exists.", id=card["id"])))
    return plan


def apply_import(plan: ImportPlan, actor: Actor = Actor()) -> int:
    if plan.errors:
        raise DomainError("import_errors", _("The file has errors; nothing was imported."))
    if plan.cards:
        db.session.execute(Card.__table__.insert(), plan.cards)
        db.session.execute(CardEvent.__table__.insert(), [
            {"card_id": c["id"], "action": "imported", "on_date": c["issued_on"], "user_id": actor.user_id}
            for c in plan.cards])
    audit(actor, "cards_imported", "card", "-", None, count=len(plan.cards))
    db.session.flush()
    return len(plan.cards)
