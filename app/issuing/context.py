"""What the issuing views share: the site acted for, card lookup and scope."""
from datetime import date

from flask import abort, g, redirect, url_for
from flask_login import current_user

from app.auth.scope import current_site
from app.network.scope import own_sites
from app.cards import ids
from app.cards import lookup
from app.cards.rules import card_state
from app.core import audit, labels
from app.core.errors import DomainError
from app.issuing import bp
from app.models import Card, Organisation
from app.models.base import helsinki_date, utcnow
from app.web import error_response


def acting_site() -> Organisation:
    g.issuing_site = current_site("distributor")
    g.issuing_several_sites = len(own_sites("distributor")) > 1
    return g.issuing_site


def actor() -> audit.Actor:
    return audit.Actor(user_id=current_user.id)


def today() -> date:
    return helsinki_date(utcnow())


@bp.url_defaults
def keep_site(endpoint, values):
    """Someone with several sites keeps acting for the chosen one from page to page."""
    site = g.get("issuing_site")
    if site is not None and "site" not in values and g.issuing_several_sites:
        values["site"] = site.id


@bp.errorhandler(DomainError)
def domain_error(err: DomainError):
    if err.code == "choose_site":
        return redirect(url_for("issuing.start"))
    return error_response(err.status, err.code, err.message, err.field)


@bp.context_processor
def issuing_globals():
    return {"site": g.get("issuing_site"), "several_sites": g.get("issuing_several_sites", False),
            "labels": labels, "state_of": lambda card: card_state(card, today())}


def card_or_404(card_id: str) -> Card:
    card = lookup.find_card(ids.parse_scan(card_id))
    if card is None:
        abort(404)
    return card


def holder_visible(card: Card) -> bool:
    """Holder data, the issuing site and the reason a card left use are seen only by the person's
    own sites: the kind of service that gave a card can itself say something about its holder."""
    return card.issuing_site_id in {s.id for s in own_sites("distributor")}
