"""Pages anyone may open: the holder's card check, offers and the client brochure, public figures,
and the manifest and service worker routes.

Belongs here: view modules, their forms and view helpers. A card's state comes from app.cards.rules
only; no view module imports another blueprint's view modules.

May import: the domains (app.cards, app.network, app.stats, app.printing), app.core, app.models,
app.extensions.
"""
from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import views  # noqa: E402, F401
from app.public import offer_views  # noqa: E402, F401
from app.public import stats_views  # noqa: E402, F401
