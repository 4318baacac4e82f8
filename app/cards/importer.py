"""Import of cards from the previous system. All rows are checked first; any error imports nothing."""
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from flask_babel import gettext as _
from sqlalchemy import select

from app.cards import ids, import_files, validation
from app.core.errors import DomainError
from app.core.audit import Actor, audit
from app.extensions import db
from app.models import Card, CardEvent, Municipality
from app.models.card import CARD_KINDS

COLUMNS = ("id", "kind", "issued_on", "valid_until", "municipality", "birth_year", "postcode", "children", "state")
STATES = {"active": "active", "expired": "active", "inactivated": "inactivated", "stock": "stock"}
MAX_ROWS = 200_000
EXCEL_EPOCH = date(1899, 12, 30)


class Problem(NamedTuple):
    line: int  # the row number in the file, as a spreadsheet shows it
    column: str | None
    message: str


@dataclass
class ImportPlan:
    cards: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def _date(value: str, name: str) -> date | None:
    """2024-05-31, 31.5.2024 (Finnish Excel), or a date Excel kept as its day number (45443)."""
    if not value:
        return None
    finnish = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    try:
        if finnish:
            return date(int(finnish[3]), int(finnish[2]), int(finnish[1]))
        if re.fullmatch(r"\d{5}", value):
            return EXCEL_EPOCH + timedelta(days=int(value))
        return date.fromisoformat(value[:10] if re.fullmatch(r"\d{4}-\d\d-\d\d[ T][\d:.]+", value) else value)
    except ValueError:
        raise DomainError("invalid_" + name, _("A date like 2024-05-31 or 31.5.2024."), field=name) from None


def _digits(value: str, width: int) -> str:
    """Excel drops leading zeros from numbers: postcode 4300 was 04300, municipality 91 was 091."""
    return value.zfill(width) if re.fullmatch(r"[0-9]{1,%d}" % (width - 1), value) else value


def _row(row: dict[str, str], today: date) -> dict[str, Any]:
    card_id = row["id"]
    if not card_id or len(ids.legacy_key(card_id)) > 40:
        raise DomainError("invalid_id", _("The card number is missing or longer than 40 characters."), field="id")
    kind = (row["kind"] or "client").lower()
    if kind not in CARD_KINDS:
        raise DomainError("invalid_kind", _("Kind must be client or community."), field="kind")
    state = STATES.get((row["state"] or "active").lower())
    if state is None:
        raise DomainError("invalid_state", _("Use active, expired, inactivated or stock."), field="state")
    issued_on, valid_until = _date(row["issued_on"], "issued_on"), _date(row["valid_until"], "valid_until")
    out = {"id": card_id, "lookup_key": ids.legacy_key(card_id), "legacy": True, "kind": kind, "state": state,
           "issued_on": issued_on, "valid_until": valid_until, "children": 0, "municipality_code": None,
           "birth_year": None, "postcode": None}
    if state == "stock":
        return out
    if issued_on is None or valid_until is None or valid_until < issued_on:
        raise DomainError("invalid_dates", _("A registered card needs issued_on and a later valid_until."),
                          field="issued_on" if issued_on is None else "valid_until")
    if kind == "client":
        code = _digits(row["municipality"], 3)
        if db.session.get(Municipality, code) is None:
            raise DomainError("unknown_municipality", _("Unknown municipality %(code)s.", code=code),
                              field="municipality")
        year = validation.as_int(row["birth_year"], "birth_year", _("A year, for example 1970."))
        if not today.year - validation.MAX_AGE <= year <= today.year - 15:
            raise DomainError("invalid_birth_year", _("The holder must be at least 16."), field="birth_year")
        out.update(municipality_code=code, birth_year=year, postcode=validation.postcode(_digits(row["postcode"], 5)),
                   children=validation.children(row["children"]))
    return out


def _missing(columns: list[str]) -> Problem | None:
    missing = [c for c in COLUMNS if c not in columns]
    if not missing:
        return None
    if len(missing) == len(COLUMNS):
        return Problem(1, None, _("The first row must name the columns: %(columns)s", columns=", ".join(COLUMNS)))
    if len(missing) == 1:
        return Problem(1, missing[0], _("Missing column: %(column)s", column=missing[0]))
    return Problem(1, None, _("Missing columns: %(columns)s", columns=", ".join(missing)))


def plan_import(data: bytes, today: date) -> ImportPlan:
    """Every row of a CSV or .xlsx file checked; the plan lists the cards and every problem by row and column."""
    plan = ImportPlan()
    seen: set[str] = set()
    try:
        table = import_files.read_table(data, COLUMNS)
        if problem := _missing(table.columns):
            plan.errors.append(problem)
            return plan
        index = {name: table.columns.index(name) for name in COLUMNS}
        for count, (number, cells) in enumerate(table.rows, start=1):
            if count > MAX_ROWS:
                plan.errors.append(Problem(number, None, _("Too many rows.")))
                break
            try:
                card = _row({name: cells[i] if i < len(cells) else "" for name, i in index.items()}, today)
            except DomainError as err:
                plan.errors.append(Problem(number, err.field, err.message))
                continue
            if card["lookup_key"] in seen:
                plan.errors.append(Problem(number, "id", _("The same card twice in the file.")))
                continue
            seen.add(card["lookup_key"])
            plan.cards.append(card)
            plan.lines.append(number)
    except DomainError as err:  # the file itself could not be read on
        plan.errors.append(Problem(1, None, err.message))
        return plan
    keys = [c["lookup_key"] for c in plan.cards]
    existing = set()
    for start in range(0, len(keys), 1000):
        existing |= set(db.session.scalars(select(Card.lookup_key).where(Card.lookup_key.in_(keys[start:start + 1000]))))
    for line, card in zip(plan.lines, plan.cards):
        if card["lookup_key"] in existing:
            plan.errors.append(Problem(line, "id", _("Card %(id)s already exists.", id=card["id"])))
    plan.errors.sort(key=lambda problem: problem.line)
    return plan


def sample_rows(today: date, municipality_code: str) -> list[list[Any]]:
    """The header and one registered client card: what the sample files hold."""
    return [list(COLUMNS), ["ESIMERKKI-0001", "client", today, today + timedelta(days=365), municipality_code,
                            today.year - 40, "04300", 1, "active"]]


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
