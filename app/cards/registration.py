"""Registering, renewing and inactivating cards at a distributor site. Flush only."""
from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.cards import rules, validation
from app.cards.lookup import card_for_change
from app.core.audit import Actor, audit
from app.core.dates import add_months
from app.core.errors import DomainError
from app.extensions import db
from app.models import Card, CardEvent, NationalSettings, Organisation
from app.models.base import helsinki_date, utcnow
from app.models.card import INACTIVATION_REASONS
from app.network.operating import site_problem


def _require_operating(site: Organisation, today: date) -> None:
    problem = site_problem(site, today) if site.kind == "distributor" else rules.SiteProblem("not_approved")
    if problem is not None:
        raise DomainError("organisation_not_active", problem.message(), status=403)


def require_issued_here(card: Card, site: Organisation) -> None:
    """A card is renewed or taken out of use only where it was registered: the renewal and
    inactivation pages, the API and the services all ask this one question."""
    if card.issuing_site_id != site.id:
        raise DomainError("other_distributor", _(
            "Only the distributor that registered this card can renew it or take it out of use. "
            "Ask the holder to go there."), status=403)


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
    card = card_for_change(raw)
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
    card = card_for_change(raw)
    if card.state != "active":
        raise DomainError("not_active", _("Only a registered card that is in use can be renewed."))
    require_issued_here(card, site)
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
    card = card_for_change(raw)
    if card.state != "active":
        raise DomainError("not_active", _("Only a registered card that is in use can be taken out of use."))
    if site is not None:
        require_issued_here(card, site)
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
