"""What the issuing views share: the site acted for, card lookup, scope, and errors on forms."""
from datetime import date

from flask import abort, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.auth.scope import current_site, own_sites
from app.cards import ids
from app.cards import lookup
from app.core import audit
from app.core.errors import DomainError
from app.issuing import bp
from app.core import card_labels
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
            "labels": card_labels, "status_of": lambda card: card_status(card, today())}


def card_or_404(card_id: str) -> Card:
    card = lookup.find_card(ids.parse_scan(card_id))
    if card is None:
        abort(404)
    return card


def holder_visible(card: Card) -> bool:
    """Holder data, the issuing site and the reason a card left use are seen only by the person's
    own sites: the kind of service that gave a card can itself say something about its holder."""
    return card.issuing_site_id in {s.id for s in own_sites("distributor")}


def require_issued_here(card: Card, site: Organisation) -> None:
    """Renewal and inactivation pages open only for cards this site registered (the services
    enforce the rule again when the form is sent)."""
    if card.issuing_site_id != site.id:
        raise DomainError("other_distributor", _(
            "Only the distributor that registered this card can renew it or take it out of use. "
            "Ask the holder to go there."), status=403)


def card_status(card: Card, on: date) -> str:
    if card.state == "active":
        return "expired" if card.is_expired_on(on) else "valid"
    return card.state


def show_error(form: FlaskForm, err: DomainError, fallback: str | None = None) -> None:
    """The service's message next to its field; a card-level refusal next to `fallback` (the card
    number field), else at the top of the form."""
    name = err.field if err.field in form else fallback
    if name:
        form[name].errors = [*form[name].errors, err.message]
    else:
        form.form_errors.append(err.message)


def submit(form: FlaskForm, action, fallback: str | None = None):
    """Run `action` for a valid posted form. Returns (result, status): result None when nothing
    was done, status 400 or the refusal's own status when the form is shown again with errors."""
    if not form.validate_on_submit():
        return None, 400 if form.errors else 200
    try:
        return action(), 200
    except DomainError as err:
        show_error(form, err, fallback)
        return None, err.status
