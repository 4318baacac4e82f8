from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import views  # noqa: E402, F401
from app.public import offer_views, venue_offers  # noqa: E402, F401
