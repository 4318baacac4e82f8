"""The JSON bodies of /api/v1 as pydantic models: every body is validated with one of these, and the
OpenAPI document is generated from the same models, so the contract and the validation cannot drift.

Types are strict: "1" is not a number, "false" is not a boolean, true is not a number. Unknown fields
are ignored. Domain rules that depend on the data or on today (birth-year range, registered children,
quota) stay in app.cards; these models only say what shape a body has."""
from typing import Annotated, Any, Literal

from flask_babel import gettext as _
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SkipValidation, ValidationError

from app.core.errors import DomainError
from app.cards.validation import MAX_CHILDREN
from app.input_guard import unreadable
from app.models.card import CARD_KINDS, GENDERS, INACTIVATION_REASONS, LIFE_SITUATIONS
from app.models.organisation import CATEGORIES
from app.models.use import SOURCES

MAX_BATCH = 500
DB_INT = 2**31 - 1


def readable(value: str) -> str:
    """PostgreSQL refuses NUL in text and no database stores a lone surrogate."""
    if unreadable(value):
        raise ValueError("unreadable characters")
    return value


Text = Annotated[str, AfterValidator(readable)]
DateTime = Annotated[Text, Field(max_length=64, json_schema_extra={"format": "date-time"})]
Day = Annotated[Text, Field(max_length=32, json_schema_extra={"format": "date"})]


class Body(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class UseIn(Body):
    """One use at a venue: what was scanned and who came in."""

    card: Text = Field(min_length=1, max_length=1000, description="What was scanned or typed.")
    adults: int = Field(1, ge=1, le=1, description="The holder, or the worker of a community card.")
    children: int = Field(0, ge=0, le=100)
    assistants: int = Field(0, ge=0, le=20)
    category: Literal[CATEGORIES] | None = None
    event_id: int | None = Field(None, ge=1, le=DB_INT)
    client_scan_id: Text = Field(min_length=8, max_length=64)
    scanned_at: DateTime | None = None
    source: Literal[SOURCES] | None = None
    confirm_repeat: bool = Field(False, description="Record a same-day repeat (already_used_today).")
    site: int | None = Field(None, ge=1, le=DB_INT, description="The venue site, for people with several sites.")


class Batch(Body):
    """Offline sync: each item is validated, judged and stored on its own (see UseIn)."""

    # Items are documented as UseIn but read one by one (use_item), so that one bad item is that item's error.
    uses: list[SkipValidation[UseIn]] = Field(min_length=1, max_length=MAX_BATCH)
    site: int | None = Field(None, ge=1, le=DB_INT)


class Holder(Body):
    """What a client card records; never a name, identity code, birth date or address."""

    birth_year: int | None = Field(None, ge=0, le=9999)
    postcode: Text | None = Field(None, pattern=r"^[0-9]{5}$")
    municipality: Text | None = Field(None, max_length=3, description="Official three-digit code")
    children: int = Field(0, ge=0, le=MAX_CHILDREN)
    gender: Literal[GENDERS] | None = None
    life_situation: Literal[LIFE_SITUATIONS] | None = None
    service_type: Text | None = Field(None, max_length=40)
    site: int | None = Field(None, ge=1, le=DB_INT)


class Registration(Holder):
    kind: Literal[CARD_KINDS] = "client"
    issued_on: Day | None = Field(None, description="Paper form: at most 60 days back")


class Renewal(Holder):
    """Renewal may update the holder's facts; the 12 months restart from today."""


class Inactivation(Body):
    reason: Literal[INACTIVATION_REASONS]
    replacement: Text | None = Field(None, min_length=1, max_length=1000)
    site: int | None = Field(None, ge=1, le=DB_INT)


class EventIn(Body):
    name: Text = Field(min_length=1, max_length=200)
    starts_at: DateTime
    capacity: int = Field(ge=1, le=100000)
    quota: int | None = Field(None, ge=0, le=100000)
    sold_out: bool = False
    site: int | None = Field(None, ge=1, le=DB_INT)


class EventPatch(Body):
    name: Text | None = Field(None, min_length=1, max_length=200)
    starts_at: DateTime | None = None
    capacity: int | None = Field(None, ge=1, le=100000)
    quota: int | None = Field(None, ge=0, le=100000)
    sold_out: bool | None = None


MODELS = (UseIn, Batch, Registration, Renewal, Inactivation, EventIn, EventPatch)


class Visitors(BaseModel):
    adults: int = Field(description="People admitted as adults (holders and adults on a community card)")
    children: int = Field(description="Children admitted free with the holder")


class UsesByCategory(BaseModel):
    culture: Visitors
    education: Visitors
    science: Visitors
    sports: Visitors


class PublicStats(BaseModel):
    """The national Kaikukortti table for one calendar year (open data, live figures)."""

    year: int
    cards_registered: int = Field(description="Cards registered in the year (renewals not counted)")
    cards_taken_into_use: int = Field(description="Of those cards, how many have been used at least once")
    uses_adults: int = Field(description="Adults admitted with the card in the year (undone uses not counted)")
    uses_children: int = Field(description="Children admitted with the card in the year")
    uses_by_category: UsesByCategory
    municipalities: int = Field(description="Participating municipalities (in an active Kaikukortti area)")


RESPONSE_MODELS = (PublicStats,)


def message(error: dict[str, Any], field: str) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return _("%(field)s is missing.", field=field)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("%(field)s: a whole number.", field=field)
    if kind in ("bool_type", "bool_parsing"):
        return _("%(field)s: true or false.", field=field)
    if kind in ("string_unicode", "value_error"):
        return _("%(field)s contains characters that are not allowed.", field=field)
    if kind == "string_type":
        return _("%(field)s: text.", field=field)
    if kind == "string_too_short":
        return _("%(field)s: at least %(count)d characters.", field=field, count=ctx.get("min_length", 1))
    if kind == "string_too_long":
        return _("%(field)s: at most %(count)d characters.", field=field, count=ctx.get("max_length", 0))
    if kind == "string_pattern_mismatch":
        return _("%(field)s is not in the expected form.", field=field)
    if kind == "list_type":
        return _("%(field)s: a list.", field=field)
    if kind in ("too_short", "too_long"):
        return _("%(field)s: a list of %(low)d to %(high)d items.", field=field, low=1, high=MAX_BATCH)
    if kind in ("greater_than_equal", "greater_than"):
        return _("%(field)s: at least %(limit)s.", field=field, limit=ctx.get("ge", ctx.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return _("%(field)s: at most %(limit)s.", field=field, limit=ctx.get("le", ctx.get("lt")))
    if kind in ("literal_error", "enum"):
        return _("%(field)s: one of %(options)s.", field=field, options=ctx.get("expected", ""))
    return _("%(field)s: not a valid value.", field=field)


def refusal(err: ValidationError) -> DomainError:
    """The first problem as the API's 400: {"error": "invalid_<field>", "message", "field"}."""
    error = err.errors(include_url=False)[0]
    names = [str(part) for part in error["loc"] if isinstance(part, str)]
    if not names:
        return DomainError("bad_request", _("The request body must be a JSON object."))
    field = names[0]
    return DomainError("invalid_" + field, message(error, field), field=field)


def validated(model: type[Body], data: Any) -> dict[str, Any]:
    """The body as the model reads it, only the fields that were given (the services fill defaults)."""
    try:
        return model.model_validate(data).model_dump(exclude_unset=True, warnings=False)
    except ValidationError as err:
        raise refusal(err) from None


def use_item(item: Any) -> dict[str, Any]:
    """One item of a batch, checked on its own so that one bad item does not refuse the others."""
    if not isinstance(item, dict):
        raise DomainError("invalid_item", _("Each item must be an object."))
    return validated(UseIn, item)
