"""A distributor site's cards on hand: unissued stock, requests for more, community cards."""
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.cards import ids, validation
from app.core.errors import DomainError
from app.core.audit import Actor, audit
from app.extensions import db
from app.models import Card, Organisation, StockRequest
from app.models.base import utcnow
from app.models.card import CARD_KINDS

MAX_REQUEST = 10000
MAX_MESSAGE = 2000


def unissued_count(site: Organisation) -> dict[str, int]:
    """Stock cards allocated to this very site, by kind."""
    rows = db.session.execute(
        select(Card.kind, func.count()).where(Card.state == "stock", Card.allocated_site_id == site.id)
        .group_by(Card.kind)
    ).all()
    return {**dict.fromkeys(CARD_KINDS, 0), **dict(rows)}


def request_more(site: Organisation, count: Any, message: Any, *, actor: Actor) -> StockRequest:
    """Ask the coordinator for more cards; the request stays open until it is handled."""
    count_message = _("Number of cards: a whole number from 1 to %(max)d.", max=MAX_REQUEST)
    wanted = validation.as_int(count, "count", count_message)
    if not 1 <= wanted <= MAX_REQUEST:
        raise DomainError("invalid_count", count_message, field="count")
    text = str(message or "").strip()
    if len(text) > MAX_MESSAGE:
        raise DomainError("invalid_message", _("Message: at most %(max)d characters.", max=MAX_MESSAGE),
                          field="message")
    request = StockRequest(site_id=site.id, count=wanted, message=text or None, created_by_id=actor.user_id)
    db.session.add(request)
    db.session.flush()
    audit(actor, "stock_requested", "stock_request", request.id, site.area_id, count=wanted)
    db.session.flush()
    return request


def requests_for(site: Organisation, limit: int = 20) -> list[StockRequest]:
    return list(db.session.scalars(
        select(StockRequest).where(StockRequest.site_id == site.id)
        .order_by(StockRequest.created_at.desc(), StockRequest.id.desc()).limit(limit)
    ))


def community_cards(site: Organisation) -> list[Card]:
    """The community cards registered to this distributor organisation."""
    return list(db.session.scalars(
        select(Card).where(Card.kind == "community", Card.issuing_site_id == site.id).order_by(Card.id)
    ))


# Coordinators hand out stock: ranges or counts of unallocated cards to their distributor sites.

def unallocated_query(site: Organisation, *, national: bool, kind: str | None = None, series_id: int | None = None):
    """Unregistered cards not yet at any site: the site's area's, or (national admin) national stock too."""
    query = select(Card).where(Card.state == "stock", Card.allocated_site_id.is_(None))
    area_match = Card.allocated_area_id == site.area_id
    query = query.where(area_match | Card.allocated_area_id.is_(None) if national else area_match)
    if kind:
        query = query.where(Card.kind == kind)
    if series_id:
        query = query.where(Card.series_id == series_id)
    return query


def _allocate(cards: list[Card], site: Organisation, actor: Actor, **details: Any) -> int:
    for card in cards:
        card.allocated_site_id, card.allocated_area_id = site.id, site.area_id
    audit(actor, "stock_allocated", "organisation", site.id, site.area_id, count=len(cards),
          first=cards[0].id, last=cards[-1].id, **details)
    db.session.flush()
    return len(cards)


def allocate_count(site: Organisation, count: Any, *, kind: str = "client", series_id: int | None = None,
                   national: bool, actor: Actor) -> int:
    """The first `count` unallocated cards (by ID) of the series or of the area."""
    count_message = _("Number of cards: a whole number from 1 to %(max)d.", max=MAX_REQUEST)
    wanted = validation.as_int(count, "count", count_message)
    if not 1 <= wanted <= MAX_REQUEST:
        raise DomainError("invalid_count", count_message, field="count")
    cards = list(db.session.scalars(
        unallocated_query(site, national=national, kind=kind, series_id=series_id).order_by(Card.id).limit(wanted)))
    if len(cards) < wanted:
        raise DomainError("not_enough_stock", _("Only %(count)d such cards are unallocated.", count=len(cards)),
                          field="count")
    return _allocate(cards, site, actor, kind=kind, series=series_id)


def allocate_range(site: Organisation, series_id: int, first: str, last: str, *, national: bool,
                   actor: Actor) -> int:
    """The cards of a series from `first` to `last` (by ID, as printed in order); all or none."""
    first_id, last_id = (_series_card_id(series_id, raw, name) for raw, name in ((first, "first"), (last, "last")))
    if last_id < first_id:
        raise DomainError("invalid_range", _("The last card comes before the first one."), field="last")
    in_range = select(Card).where(Card.series_id == series_id, Card.id >= first_id, Card.id <= last_id)
    cards = list(db.session.scalars(in_range.order_by(Card.id)))
    free = {card.id for card in db.session.scalars(
        unallocated_query(site, national=national, series_id=series_id)
        .where(Card.id >= first_id, Card.id <= last_id))}
    taken = len(cards) - len(free)
    if taken:
        raise DomainError("range_taken", _("%(count)d cards in this range are already allocated or in use; nothing "
                                           "was allocated.", count=taken), field="first")
    return _allocate(cards, site, actor, series=series_id)


def _series_card_id(series_id: int, raw: str, field: str) -> str:
    key = ids.legacy_key(str(raw or "")).translate(ids.LOOK_ALIKES)
    card_id = db.session.scalar(select(Card.id).where(Card.series_id == series_id, Card.lookup_key == key))
    if card_id is None:
        raise DomainError("not_in_series", _("This card is not in the chosen series."), field=field)
    return card_id


def open_requests(area_ids: list[int] | None) -> list[tuple[StockRequest, Organisation]]:
    """Unhandled requests with their sites, oldest first; `None` means every area."""
    query = select(StockRequest, Organisation).join(Organisation, Organisation.id == StockRequest.site_id) \
        .where(StockRequest.handled_at.is_(None))
    if area_ids is not None:
        query = query.where(Organisation.area_id.in_(area_ids))
    return [tuple(row) for row in db.session.execute(query.order_by(StockRequest.created_at, StockRequest.id))]


def handle_request(request: StockRequest, *, count: Any = None, kind: str = "client",
                   series_id: int | None = None, national: bool, actor: Actor) -> int:
    """Allocate `count` cards to the requesting site (none if `count` is None) and close the request."""
    if request.handled_at is not None:
        raise DomainError("already_handled", _("This request has already been handled."), status=409)
    site = db.session.get(Organisation, request.site_id)
    given = 0 if count is None else allocate_count(site, count, kind=kind, series_id=series_id, national=national,
                                                   actor=actor)
    request.handled_at, request.handled_by_id = utcnow(), actor.user_id
    audit(actor, "stock_request_handled", "stock_request", request.id, site.area_id, allocated=given)
    db.session.flush()
    return given


def site_stock(area_id: int, *, number: int = 1, size: int | None = None,
               look_ahead: int = 0) -> list[tuple[Organisation, int, int]]:
    """(site, unissued cards at the site, open requests) for the distributor sites of the area by name:
    page `number` of `size` sites (all without a size) and `look_ahead` more after it."""
    query = select(Organisation).where(Organisation.kind == "distributor", Organisation.area_id == area_id
                                       ).order_by(Organisation.name, Organisation.id)
    if size is not None:
        query = query.limit(size + look_ahead).offset((number - 1) * size)
    sites = list(db.session.scalars(query))
    held = dict(db.session.execute(
        select(Card.allocated_site_id, func.count()).where(
            Card.state == "stock", Card.allocated_site_id.in_([s.id for s in sites]))
        .group_by(Card.allocated_site_id)).all())
    asked = dict(db.session.execute(
        select(StockRequest.site_id, func.count()).where(
            StockRequest.handled_at.is_(None), StockRequest.site_id.in_([s.id for s in sites]))
        .group_by(StockRequest.site_id)).all())
    return [(site, held.get(site.id, 0), asked.get(site.id, 0)) for site in sites]


def site_names(area_id: int) -> list[tuple[int, str]]:
    """(id, name) of every distributor site of the area by name: what a form offers to choose from."""
    return list(db.session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.kind == "distributor",
                                                         Organisation.area_id == area_id)
        .order_by(Organisation.name, Organisation.id)).tuples())


def area_unallocated(area_id: int) -> dict[str, int]:
    """Unregistered cards of the area not yet at any site, by kind."""
    rows = db.session.execute(
        select(Card.kind, func.count()).where(Card.state == "stock", Card.allocated_site_id.is_(None),
                                              Card.allocated_area_id == area_id).group_by(Card.kind)).all()
    return {**dict.fromkeys(CARD_KINDS, 0), **dict(rows)}


def request_and_site(request_id: int) -> tuple[StockRequest | None, Organisation | None]:
    stock_request = db.session.get(StockRequest, request_id)
    site = db.session.get(Organisation, stock_request.site_id) if stock_request else None
    return stock_request, site
