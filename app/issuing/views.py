"""The distributor's screens; this is their start page."""
from flask import render_template

from app.auth.scope import guard, own_sites
from app.issuing import bp


@bp.route("/issue")
@guard("distributor")
def start():
    return render_template("issuing/start.html", sites=own_sites("distributor"))
