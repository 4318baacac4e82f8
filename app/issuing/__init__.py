"""The distributor's screens: registering a card to a client, renewing, replacing and
inactivating it, and the site's own page.

Belongs here: view modules, their forms (forms.py) and what only these screens show (context.py).
The rules are app.cards' (rules, registration, lookup); views never import another blueprint's
view modules.

May import: the domains (app.cards, app.network, app.stats), app.core, app.models, app.extensions,
and app.auth's guard and scope helpers.
"""
from flask import Blueprint

bp = Blueprint("issuing", __name__)

from app.issuing import changes, context, registration, site, views  # noqa: E402, F401
