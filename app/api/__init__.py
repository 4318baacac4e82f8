"""/api/v1: thin JSON endpoints that parse, call the domains (mostly app.cards) and serialise.

Belongs here: one module per resource, the request and response schemas (schemas.py) and the
OpenAPI description built from them. No view module imports another blueprint's view modules.

May import: the domains (app.cards, app.network, app.decoding, app.stats), app.core, app.models,
app.extensions, and app.auth's guard and API-key principal.
"""
from typing import Any

from flask import Blueprint, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import schemas
from app.auth.principal import bearer_attempted
from app.core.errors import DomainError
from app.core.audit import Actor
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.before_request
def authenticate_and_protect():
    if bearer_attempted():
        if not current_user.is_authenticated or getattr(current_user, "api_key", None) is None:
            abort(401)
        return
    if current_user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError("bad_request", _("The request body must be a JSON object."))
    return body


def body_of(model: type[schemas.Body], *, optional: bool = False) -> dict[str, Any]:
    """The JSON body validated with `model` (app.api.schemas); an empty body is {} when `optional`."""
    if optional and not request.get_data():
        return schemas.validated(model, {})
    return schemas.validated(model, json_body())


def actor() -> Actor:
    key = getattr(current_user, "api_key", None)
    if key is not None:
        return Actor(api_key_id=key.id)
    return Actor(user_id=current_user.id)


from app.api import cards, decode, events, meta, stats, uses  # noqa: E402, F401
