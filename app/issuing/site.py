"""The site's stock of unissued cards, requests for more, and its own figures."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth.scope import guard
from app.stats import site_figures
from app.cards import stock as card_stock
from app.issuing import bp
from app.core.forms import submit
from app.issuing.context import acting_site, actor, today
from app.issuing.forms import StockRequestForm


@bp.route("/issue/stock", methods=["GET", "POST"])
@guard("distributor")
def stock():
    site = acting_site()
    form = StockRequestForm()
    sent, status = submit(form, lambda: card_stock.request_more(site, form.count.data, form.message.data,
                                                                actor=actor()))
    if sent is not None:
        flash(_("Your request for %(count)d cards was sent to the coordinator.", count=sent.count), "info")
        return redirect(url_for("issuing.stock"))
    return render_template("issuing/stock.html", form=form, counts=card_stock.unissued_count(site),
                           requests=card_stock.requests_for(site)), status


@bp.route("/issue/figures")
@guard("distributor")
def figures():
    site = acting_site()
    return render_template("issuing/figures.html", figures=site_figures.site_figures(site, today()))
