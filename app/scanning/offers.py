"""Venues manage their Kaikukortti offer."""
from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _

from app.auth.scope import current_site, guard, own_site_record
from app.network.scope import own_sites
from app.core.errors import DomainError
from app.models import Offer
from app.network.offers import offers_of, participating_municipalities, save_offer
from app.scanning import bp
from app.scanning.forms import OfferForm


def offer_form(obj: Offer | None = None) -> OfferForm:
    form = OfferForm(obj=obj)
    lang = str(get_locale())
    form.municipality_code.choices = [(m.code, m.name(lang)) for m in participating_municipalities()]
    return form


@bp.route("/venue/offers")
@guard("venue")
def venue_offers():
    sites = own_sites("venue")
    return render_template("scanning/offers.html", offers=offers_of(sites), sites=sites)


@bp.route("/venue/offers/new", methods=["GET", "POST"])
@guard("venue")
def new_offer():
    venue = current_site("venue")
    form = offer_form()
    if not form.is_submitted():
        form.municipality_code.data = venue.municipality_code
        form.category.data = venue.default_category
    return save_or_show(form, Offer(venue_id=venue.id), venue)


@bp.route("/venue/offers/<int:offer_id>", methods=["GET", "POST"])
@guard("venue")
def edit_offer(offer_id: int):
    offer = own_site_record(Offer, offer_id)
    return save_or_show(offer_form(offer), offer, offer.venue)


def save_or_show(form: OfferForm, offer: Offer, venue):
    if form.validate_on_submit():
        try:
            save_offer(offer, form.data)
        except DomainError as err:
            getattr(form, err.field).errors.append(err.message)
        else:
            flash(_("The offer was saved."), "info")
            return redirect(url_for("scanning.venue_offers"))
    return render_template("scanning/offer_form.html", form=form, offer=offer, venue=venue)
