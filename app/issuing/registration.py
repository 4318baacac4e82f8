"""Registering client and community cards, and the confirmation shown to the client."""
from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.scope import guard
from app.cards import ids, stock
from app.cards import lookup
from app.cards import registration
from app.stats import site_figures
from app.cards.rules import ACTIVE, card_state, children_allowed
from app.issuing import bp
from app.core.forms import submit
from app.issuing.context import acting_site, actor, card_or_404, holder_visible, today
from app.issuing.forms import CardForm, RegisterForm
from app.models import NationalSettings


@bp.route("/issue/register", methods=["GET", "POST"])
@guard("distributor")
def register():
    site = acting_site()
    form = RegisterForm(municipality=site.municipality_code, card=request.args.get("card", ""))

    def save():
        data = {**form.holder_data(), "issued_on": form.issued_on.data, "service_type": site.service_type}
        return registration.register(form.card.data, data, site=site, actor=actor())

    card, status = submit(form, save, fallback="card")
    if card is not None:
        flash(_("Card %(id)s registered.", id=card.id), "info")
        return redirect(url_for("issuing.registered", card_id=card.id))
    return render_template("issuing/register.html", form=form, earlier=already_here(form)), status


def already_here(form: RegisterForm):
    """After a double tap, the card this site just registered, to show its confirmation again."""
    if request.method != "POST" or not form.card.errors:
        return None
    card = lookup.find_card(ids.parse_scan(form.card.data or ""))
    return card if card is not None and card.state == "active" and holder_visible(card) else None


@bp.route("/issue/cards/<card_id>/registered")
@guard("distributor")
def registered(card_id: str):
    acting_site()
    card = card_or_404(card_id)
    if not holder_visible(card) or card_state(card, today()) != ACTIVE:
        abort(404)
    public_url = current_app.config["PUBLIC_BASE_URL"] + url_for("public.card_page", raw=card.id)
    return render_template("issuing/registered.html", card=card, public_url=public_url,
                           children=children_allowed(card, NationalSettings.current()))


@bp.route("/issue/municipality")
@guard("distributor")
def municipality():
    """The municipality to pre-select for a typed postcode (static/js/issuing/municipality.js)."""
    site = acting_site()
    return jsonify({"municipality": site_figures.usual_municipality(site, request.args.get("postcode", "").strip())})


@bp.route("/issue/community", methods=["GET", "POST"])
@guard("distributor")
def community():
    site = acting_site()
    form = CardForm()
    card, status = submit(form, lambda: registration.register(form.card.data, {"kind": "community"}, site=site,
                                                         actor=actor()), fallback="card")
    if card is not None:
        flash(_("Community card %(id)s registered to %(site)s.", id=card.id, site=site.name), "info")
        return redirect(url_for("issuing.community"))
    return render_template("issuing/community.html", form=form, cards=stock.community_cards(site)), status
