"""Venues manage their Kaikukortti offer."""
from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from sqlalchemy import select

from app.auth.scope import current_site, guard, own_site_record, own_sites
from app.core.errors import DomainError
from app.extensions import db
from app.models import Offer
from app.network.offers import participating_municipalities, save_offer
from app.public import bp
from app.public.forms import OfferForm


def offer_form(obj: Offer | None = None) -> OfferForm:
    form = OfferForm(obj=obj)
    lang = str(get_locale())
    form.municipality_code.choices = [(m.code, m.name(lang)) for m in participating_municipalities()]
    return form


@bp.route("/venue/offers")
@guard("venue")
def venue_offers():
    sites = own_sites("venue")
    offers = db.session.scalars(select(Offer).where(Offer.venue_id.in_([s.id for s in sites]))
                                .order_by(Offer.title_fi)).all()
    return render_template("public/venue_offers.html", offers=offers, sites=sites)


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
            return redirect(url_for("public.venue_offers"))
    return render_template("public/offer_form.html", form=form, offer=offer, venue=venue)
