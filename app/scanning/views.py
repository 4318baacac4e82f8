"""The ticket desk. The camera scanner comes with its own issue; this is the venue's start page."""
from flask import render_template

from app.auth.scope import guard, own_sites
from app.scanning import bp


@bp.route("/scan")
@guard("venue")
def start():
    return render_template("scanning/start.html", sites=own_sites("venue"))
