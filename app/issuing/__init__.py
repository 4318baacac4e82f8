from flask import Blueprint

bp = Blueprint("issuing", __name__)

from app.issuing import views  # noqa: E402,F401
