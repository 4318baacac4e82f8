from flask import current_app, jsonify, request

from app.api import actor, body_of, bp, schemas
from app.auth.scope import current_site, current_site_facts, guard
from app.cards import desk
from app.cards import lookup
from app.cards import registration
from app.cards.rules import card_summary
from app.core.limits import public_check_limited
from app.core.metrics import answered
from app.core.reads import read_only_connection
from app.extensions import limiter, user_or_address
from app.models import Card
from app.network import settings as national


def card_json(card: Card) -> dict:
    return {**card_summary(card, national.current()), "state": card.state,
            "issued_on": card.issued_on.isoformat() if card.issued_on else None,
            "replacement": card.replacement_id}


def desk_check_limit() -> str:
    return current_app.config["RATELIMIT_DESK_CHECK"]


@bp.get("/cards/<path:raw>")
@guard("venue")
@limiter.limit(desk_check_limit, key_func=user_or_address)
def check_card(raw: str):
    """Reads only: no transaction around it (app.core.reads), and with an API key one statement."""
    party = desk.parse_party({"children": request.args.get("children", 0)})
    read_only_connection()
    verdict, _card, _event = desk.check(raw, venue=current_site_facts("venue"), party=party,
                                        event_id=request.args.get("event_id"))
    return jsonify(answered(verdict.to_dict()))


@bp.post("/cards/<path:raw>/registration")
@guard("distributor")
def register_card(raw: str):
    data = body_of(schemas.Registration)
    card = registration.register(raw, data, site=current_site("distributor"), actor=actor())
    return jsonify({"card": card_json(card)}), 201


@bp.post("/cards/<path:raw>/renewal")
@guard("distributor")
def renew_card(raw: str):
    data = body_of(schemas.Renewal, optional=True)
    card = registration.renew(raw, data, site=current_site("distributor"), actor=actor())
    return jsonify({"card": card_json(card)})


@bp.post("/cards/<path:raw>/inactivation")
@guard("distributor")
def inactivate_card(raw: str):
    data = body_of(schemas.Inactivation)
    card, replacement = registration.inactivate(raw, data, site=current_site("distributor"), actor=actor())
    return jsonify({"card": card_json(card), "replacement": card_json(replacement) if replacement else None})


@bp.get("/public/cards/<path:raw>")
@public_check_limited
def public_card(raw: str):
    return jsonify(lookup.public_state(raw))
