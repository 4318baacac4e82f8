"""The distributor's start page, and finding a card by its full number."""
from flask import redirect, render_template, request, url_for

from app.auth.scope import guard
from app.network.scope import own_sites
from app.cards import stock
from app.cards import lookup
from app.stats import site_figures
from app.core.errors import DomainError
from app.issuing import bp
from app.core.forms import show_error
from app.issuing.context import acting_site, card_or_404, holder_visible
from app.issuing.forms import FindForm
from app.network.areas import find_municipality


@bp.route("/issue")
@guard("distributor")
def start():
    try:
        site = acting_site()
    except DomainError:  # several sites and none chosen yet: the page asks which
        site = None
    return render_template("issuing/start.html", sites=own_sites("distributor"), chosen=site,
                           counts=stock.unissued_count(site) if site else None,
                           find_form=FindForm(formdata=None))


@bp.route("/issue/find")
@guard("distributor")
def find():
    acting_site()
    form = FindForm(request.args)
    if "card" not in request.args:
        return render_template("issuing/find.html", form=FindForm(formdata=None))
    if form.validate():
        try:
            card = lookup.card_by_number(form.card.data)
        except DomainError as err:
            show_error(form, err, "card")
            return render_template("issuing/find.html", form=form), err.status
        return redirect(url_for("issuing.card", card_id=card.id))
    return render_template("issuing/find.html", form=form), 400


@bp.route("/issue/cards/<card_id>")
@guard("distributor")
def card(card_id: str):
    acting_site()
    found = card_or_404(card_id)
    holder = holder_visible(found)
    home = find_municipality(found.municipality_code) if holder else None
    return render_template("issuing/card.html", card=found, uses=site_figures.use_count(found), holder=holder,
                           home=home)
