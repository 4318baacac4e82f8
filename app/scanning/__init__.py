from flask import Blueprint

bp = Blueprint("scanning", __name__)

from app.scanning import views  # noqa: E402, F401
