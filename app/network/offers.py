"""Venues' Kaikukortti offers: what the public list and the area's client brochure show."""
import re
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_, select

from app.core.errors import DomainError
from app.extensions import db
from app.models import Area, Municipality, Offer, Organisation
from app.models.base import helsinki_date, utcnow
from app.models.distributor_list import DistributorListEntry
from app.models.offer import HOW_TO_GET
from app.models.organisation import CATEGORIES
from app.network import distributor_lists

TEXT_FIELDS = ("title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en",
               "address", "accessibility", "restrictions", "how_to_get_note")


def participating_municipalities() -> list[Municipality]:
    return db.session.scalars(
        select(Municipality).join(Area, Municipality.area_id == Area.id).where(Area.active.is_(True))
        .order_by(Municipality.name_fi)).all()


def participating_municipality(code: str) -> Municipality | None:
    """A participating municipality by its official three-digit code; any other value finds nothing."""
    municipality = db.session.get(Municipality, code) if re.fullmatch(r"[0-9]{3}", code) else None
    return municipality if municipality is not None and municipality.participating else None


def listed_areas() -> list[Area]:
    """The active areas, by name: the public pages offer these to choose from."""
    return db.session.scalars(select(Area).where(Area.active.is_(True)).order_by(Area.name)).all()


def in_effect(on: date | None = None) -> ColumnElement[bool]:
    """Approved, the approval has started (a distributor approved in autumn starts on 1 January) and
    its scheduled end has not passed: declined, deactivated, proposed, not-yet-started and ended
    organisations are not listed publicly. On `on`, by default today."""
    today = on or helsinki_date(utcnow())
    return ((Organisation.approval_state == "approved")
            & or_(Organisation.approved_from.is_(None), Organisation.approved_from <= today)
            & or_(Organisation.approved_until.is_(None), Organisation.approved_until >= today))


def public_offers(*, municipality: str | None = None, category: str | None = None,
                  area_id: int | None = None) -> list[Offer]:
    """Visible offers of venues whose approval is in effect, by category and venue name."""
    query = (select(Offer).join(Organisation, Offer.venue_id == Organisation.id)
             .where(Offer.visible.is_(True), in_effect()))
    if municipality:
        query = query.where(Offer.municipality_code == municipality)
    if category in CATEGORIES:
        query = query.where(Offer.category == category)
    if area_id:
        query = query.join(Municipality, Offer.municipality_code == Municipality.code).where(
            Municipality.area_id == area_id)
    return db.session.scalars(query.order_by(Offer.category, Organisation.name, Offer.title_fi)).all()


def public_distributors(area_id: int | None = None, municipality: str | None = None, *,
                        today: date | None = None) -> list[Organisation | DistributorListEntry]:
    """Where to get a card, by name. An area whose distributor list for this year is approved shows
    that list (from 1 January of its year: entries with a name and a municipality, as approved);
    other areas their distributor sites whose approval is in effect today."""
    today = today or helsinki_date(utcnow())
    lists = distributor_lists.approved_lists(today.year, [area_id] if area_id else None)
    query = select(Organisation).where(Organisation.kind == "distributor", in_effect(today))
    if area_id:
        query = query.where(Organisation.area_id == area_id)
    if municipality:
        query = query.where(Organisation.municipality_code == municipality)
    if not lists:
        return db.session.scalars(query.order_by(Organisation.name)).all()
    listed = [entry for found in lists for entry in found.entries
              if (not municipality or entry.municipality_code == municipality)
              and distributor_lists.publicly_listed(entry)]
    live = db.session.scalars(query.where(Organisation.area_id.not_in([found.area_id for found in lists]))).all()
    return sorted([*listed, *live], key=lambda site: (site.name.casefold(), site.name))


def offers_of(venues: list[Organisation]) -> list[Offer]:
    """The venues' own offers, hidden ones too, by their Finnish title."""
    return db.session.scalars(select(Offer).where(Offer.venue_id.in_([venue.id for venue in venues]))
                              .order_by(Offer.title_fi)).all()


def save_offer(offer: Offer, data: dict[str, Any]) -> Offer:
    title = str(data.get("title_fi") or "").strip()
    if not 1 <= len(title) <= 200:
        raise DomainError("invalid_title", _("Title in Finnish: 1 to 200 characters."), field="title_fi")
    if data.get("category") not in CATEGORIES:
        raise DomainError("invalid_category", _("Unknown category."), field="category")
    if data.get("how_to_get") not in HOW_TO_GET:
        raise DomainError("invalid_how_to_get", _("Choose how the ticket is obtained."), field="how_to_get")
    municipality = db.session.get(Municipality, str(data.get("municipality_code") or ""))
    if municipality is None or not municipality.participating:
        raise DomainError("municipality_not_participating", _("Choose a participating municipality."),
                          field="municipality_code")
    for name in TEXT_FIELDS:
        setattr(offer, name, str(data.get(name) or "").strip())
    offer.category, offer.how_to_get = data["category"], data["how_to_get"]
    offer.municipality_code = municipality.code
    offer.visible = bool(data.get("visible"))
    if offer.id is None:
        db.session.add(offer)
    db.session.flush()
    return offer
