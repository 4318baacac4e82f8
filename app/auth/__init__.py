"""Who is signed in: login and logout, language, server-side sessions, API keys, invitations and
the commitment acknowledgement; and the guard and scopes every protected route uses (scope.py).

Belongs here: those views, their forms (forms.py), and the request helpers other blueprints use
(scope, principal, sessions). No view module imports another blueprint's view modules.

May import: the domains (app.network for people and invitations), app.core, app.models,
app.extensions and app.config.
"""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import commitment, invitation, views  # noqa: E402, F401
