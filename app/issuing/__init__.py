from flask import Blueprint

bp = Blueprint("issuing", __name__)

from app.issuing import changes, context, registration, site, views  # noqa: E402, F401
