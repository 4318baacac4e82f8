"""The one card-validity rule. Pure: it gets the facts and returns a Verdict; no queries, no commit.

Every entry point (desk, manual entry, API, offline sync) reaches the verdict through
`app.cards.desk.check`, and the browser only shows what it returns. The public check and the issuing
pages show `card_state`, the same state the verdict is built on.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, gettext as _

from app.cards.ids import Scan
from app.core.dates import short_time
from app.models import Card, Event, NationalSettings
from app.models.base import to_helsinki

OK, WARNING, ERROR = "ok", "warning", "error"
STATUSES = (OK, WARNING, ERROR)
ACCEPTED = ("valid", "already_used_today")
REFUSALS = (
    "unknown", "malformed", "not_registered", "expired", "inactivated", "children_exceeded",
    "group_too_large", "quota_full", "sold_out", "organisation_not_active", "too_old",
)
REASONS = ACCEPTED + REFUSALS
SITE_PROBLEMS = ("not_approved", "approval_starts", "commitment_missing")

# A card's state on a day. Only stock, active and inactivated are stored: expired follows from
# valid_until and the day.
STOCK, ACTIVE, EXPIRED, INACTIVATED = "stock", "active", "expired", "inactivated"
CARD_STATES = (STOCK, ACTIVE, EXPIRED, INACTIVATED)


def card_state(card: Card, on: date) -> str:
    """The one answer to "what state is this card in on day `on`": the verdict, the public check
    and the issuing pages all start from it."""
    if card.state == STOCK:
        return STOCK
    if card.state == INACTIVATED:
        return INACTIVATED
    return EXPIRED if card.is_expired_on(on) else ACTIVE


@dataclass(frozen=True)
class Party:
    """Who comes in on one use: the holder (or the worker of a community card), children, assistants."""

    adults: int = 1
    children: int = 0
    assistants: int = 0

    @property
    def tickets(self) -> int:
        return self.adults + self.children


@dataclass(frozen=True)
class SiteProblem:
    """Why the site itself (not the card) cannot issue or record: `not_approved`, `approval_starts`
    (with the date it starts) or `commitment_missing`."""

    code: str
    starts_on: date | None = None

    def message(self) -> str:
        if self.code == "approval_starts":
            return _("The site's approval starts on %(date)s. Until then it cannot issue cards or record uses.",
                     date=format_date(self.starts_on, "long"))
        if self.code == "commitment_missing":
            return _("Someone at the site must acknowledge the current commitment before it can issue cards "
                     "or record uses.")
        return _("The site is not approved in Kaikukortti. Contact your coordinator.")


@dataclass
class Verdict:
    status: str
    reason: str
    message: str
    card: dict[str, Any] | None = None
    earlier_use_at: datetime | None = None
    event: dict[str, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.status != ERROR

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "reason": self.reason, "message": self.message,
                               "card": self.card}
        if self.earlier_use_at is not None:
            out["earlier_use_at"] = to_helsinki(self.earlier_use_at).isoformat()
        if self.event is not None:
            out["event"] = self.event
        out.update(self.extra)
        return out


def children_allowed(card: Card, settings: NationalSettings) -> int:
    return settings.group_limit - 1 if card.kind == "community" else card.children


def card_summary(card: Card, settings: NationalSettings) -> dict[str, Any]:
    return {
        "id": card.id,
        "kind": card.kind,
        "valid_until": card.valid_until.isoformat() if card.valid_until else None,
        "children_allowed": children_allowed(card, settings),
        "issued_area": card.issued_area.name if card.issued_area else None,
    }


# Built once: each message is translated when asked for, in the request's language.
_MESSAGES = {
    "valid": lambda values: _("Valid card."),
    "already_used_today": lambda values: _(
        "Valid, but this card was already used here today at %(time)s. Confirm to record again.",
        time=values["time"]),
    "unknown": lambda values: _("Card not found. Check the number and try again."),
    "malformed": lambda values: _("Check the number: this is not a valid card number."),
    "not_registered": lambda values: _(
        "This card has not been registered yet. It can be used once a distributor registers it."),
    "expired": lambda values: _("The card expired on %(date)s.", date=values["date"]),
    "inactivated": lambda values: _("This card is no longer in use."),
    "children_exceeded": lambda values: _(
        "Too many children: this card allows %(count)d.", count=values["count"]),
    "group_too_large": lambda values: _(
        "Group too large: a community card admits at most %(count)d people.", count=values["count"]),
    "quota_full": lambda values: _("The Kaikukortti quota for this event is full. The card itself is valid."),
    "sold_out": lambda values: _("This event is sold out. The card itself is valid."),
    "organisation_not_active": lambda values: _(
        "Your organisation cannot record uses now: it must be approved and have acknowledged "
        "the current commitment."),
    "too_old": lambda values: _("This scan is too old to be recorded."),
}


def message_for(reason: str, **values: Any) -> str:
    return _MESSAGES[reason](values)


def evaluate(
    scan: Scan,
    card: Card | None,
    *,
    on: date,
    settings: NationalSettings,
    site_problem: SiteProblem | None = None,
    party: Party = Party(),
    event: Event | None = None,
    event_used: int = 0,
    earlier_use_at: datetime | None = None,
) -> Verdict:
    """The verdict for `card` (found for `scan`, or None) used on day `on` at a site."""

    def refuse(reason: str, **values: Any) -> Verdict:
        summary = card_summary(card, settings) if card is not None else None
        return Verdict(ERROR, reason, message_for(reason, **values), summary, event=event_info)

    event_info = None
    if event is not None and event.quota is not None:
        event_info = {"quota": event.quota, "used": event_used}

    if site_problem is not None:
        message = site_problem.message() + " " + _("This is not a problem with the client's card.")
        return Verdict(ERROR, "organisation_not_active", message,
                       card_summary(card, settings) if card is not None else None,
                       extra={"site_problem": site_problem.code})
    if card is None:
        return refuse("malformed" if scan.malformed else "unknown")
    state = card_state(card, on)
    if state == STOCK:
        return refuse("not_registered")
    if state == INACTIVATED:
        return refuse("inactivated")
    if state == EXPIRED:
        return refuse("expired", date=format_date(card.valid_until, "short"))
    if event is not None and event.sold_out:
        return refuse("sold_out")
    if card.kind == "community":
        if party.adults + party.children > settings.group_limit:
            return refuse("group_too_large", count=settings.group_limit)
    elif party.children > card.children:
        return refuse("children_exceeded", count=card.children)
    if event is not None and event.quota is not None and event_used + party.tickets > event.quota:
        return refuse("quota_full")
    summary = card_summary(card, settings)
    if earlier_use_at is not None:
        time = short_time(earlier_use_at)
        return Verdict(WARNING, "already_used_today", message_for("already_used_today", time=time),
                       summary, earlier_use_at=earlier_use_at, event=event_info)
    return Verdict(OK, "valid", message_for("valid"), summary, event=event_info)
