from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import views  # noqa: E402, F401
from app.admin import network, people, commitments, settings, audit  # noqa
from app.admin import series, stock, imports, annual  # noqa
from app.admin import refused_scans  # noqa
