"""Checks of what a distributor records at registration: never anything that identifies a person."""
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.core.errors import DomainError
from app.extensions import db
from app.models import Municipality
from app.models.card import CARD_KINDS, GENDERS, LIFE_SITUATIONS

MIN_AGE = 16
MAX_AGE = 120
MAX_CHILDREN = 20
PAPER_DAYS_BACK = 60


@dataclass
class Registration:
    kind: str
    birth_year: int | None = None
    postcode: str | None = None
    municipality_code: str | None = None
    children: int = 0
    gender: str | None = None
    life_situation: str | None = None
    service_type: str | None = None


DB_INT_MAX = 2**31 - 1


def as_int(value: Any, field: str, message: str) -> int:
    """A whole number typed or sent: only ASCII digits count ("١٩٨٠" is not 1980), at most six of them."""
    if isinstance(value, bool):
        raise DomainError("invalid_" + field, message, field=field)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,6}\s*", value):
        return int(value)
    raise DomainError("invalid_" + field, message, field=field)


def as_id(value: Any) -> int | None:
    """A database id from a query string or form: ASCII digits within the id column's range, else None
    (so `?area=99999999999999999999` or `?area=abc` simply finds nothing)."""
    text = str(value if value is not None else "").strip()
    if not re.fullmatch(r"[0-9]{1,10}", text):
        return None
    number = int(text)
    return number if 0 < number <= DB_INT_MAX else None


def birth_year(value: Any, today: date) -> int:
    message = _("Birth year: the holder must be at least 16 or turn 16 this year (born %(year)d or earlier).",
                year=today.year - MIN_AGE)
    year = as_int(value, "birth_year", message)
    if not today.year - MAX_AGE <= year <= today.year - MIN_AGE:
        raise DomainError("invalid_birth_year", message, field="birth_year")
    return year


def postcode(value: Any) -> str:
    text = str(value or "").strip()
    if not re.fullmatch(r"[0-9]{5}", text):
        raise DomainError("invalid_postcode", _("Postcode: five digits, for example 04300."), field="postcode")
    return text


def municipality(value: Any) -> str:
    code = str(value or "").strip()
    if re.fullmatch(r"[0-9]{1,3}", code):
        code = code.zfill(3)
    found = db.session.get(Municipality, code) if code else None
    if found is None:
        raise DomainError("unknown_municipality", _("Unknown municipality."), field="municipality")
    if not found.participating:
        raise DomainError("municipality_not_participating",
                          _("%(name)s does not take part in Kaikukortti.", name=found.name_fi),
                          field="municipality")
    return code


def children(value: Any) -> int:
    message = _("Children: a whole number from 0 to %(max)d.", max=MAX_CHILDREN)
    count = as_int(value if value not in (None, "") else 0, "children", message)
    if not 0 <= count <= MAX_CHILDREN:
        raise DomainError("invalid_children", message, field="children")
    return count


def optional_choice(value: Any, choices: tuple[str, ...], field: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in choices:
        raise DomainError("invalid_" + field, _("Choose one of the options given."), field=field)
    return value


def registration(data: dict[str, Any], today: date) -> Registration:
    kind = data.get("kind") or "client"
    if kind not in CARD_KINDS:
        raise DomainError("invalid_kind", _("Kind must be client or community."), field="kind")
    if kind == "community":
        return Registration(kind="community")
    return Registration(
        kind="client",
        birth_year=birth_year(data.get("birth_year"), today),
        postcode=postcode(data.get("postcode")),
        municipality_code=municipality(data.get("municipality")),
        children=children(data.get("children")),
        gender=optional_choice(data.get("gender"), GENDERS, "gender"),
        life_situation=optional_choice(data.get("life_situation"), LIFE_SITUATIONS, "life_situation"),
        service_type=(str(data.get("service_type") or "").strip()[:40] or None),
    )


def issue_date(value: Any, today: date) -> date:
    """Today, or the real date of a paper-form registration at most 60 days back."""
    if value in (None, ""):
        return today
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        day = None
    if day is None or day > today or (today - day).days > PAPER_DAYS_BACK:
        raise DomainError("invalid_issued_on",
                          _("Issue date: today or at most %(days)d days back.", days=PAPER_DAYS_BACK),
                          field="issued_on")
    return day
