"""The ticket desk for venue staff: checking and recording cards, the events of the desk, and
the venue's own offers.

Belongs here: view modules and their forms (forms.py). The verdict comes from app.cards (desk,
rules); no view module imports another blueprint's view modules.

May import: the domains (app.cards, app.network, app.decoding), app.core, app.models,
app.extensions, and app.auth's guard and scope helpers.
"""
from flask import Blueprint

bp = Blueprint("scanning", __name__)

from app.scanning import offers, views  # noqa: E402, F401
