"""What every request shares: one commit per request (and the mail it queued, sent after it), error pages,
security headers, template globals."""
from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.exceptions import HTTPException

from app.core import mail
from app.core.errors import DomainError
from app.extensions import db
from app.input_guard import register_input_guard
from app.network.scope import roles

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; "
    "manifest-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def error_text(status: int) -> tuple[str, str]:
    texts = {
        400: ("bad_request", _("The request was not understood. Check what you entered and try again.")),
        401: ("unauthorized", _("Please sign in first.")),
        403: ("forbidden", _("You do not have access to this.")),
        404: ("not_found", _("This page or item was not found.")),
        405: ("method_not_allowed", _("This action is not allowed here.")),
        413: ("too_large", _("The file or request is too large.")),
        429: ("rate_limited", _("Too many attempts. Wait a moment and try again.")),
        500: ("server_error", _("Something went wrong on our side. Please try again.")),
    }
    return texts.get(status, texts[500] if status >= 500 else texts[400])


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json")


def error_response(status: int, code: str, message: str, field: str | None = None):
    if wants_json():
        body = {"error": code, "message": message}
        if field:
            body["field"] = field
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def register_web(app: Flask) -> None:
    register_input_guard(app)

    @app.after_request
    def finish(response):
        # Asked before the commit, which expires the signed-in person: asking after it reloaded them.
        private = request.path.startswith("/api/") or (current_user.is_authenticated and request.endpoint != "static")
        if response.status_code < 400:
            db.session.commit()
            mail.send_queued()  # only what the commit saved is mailed
        else:
            db.session.rollback()
            mail.drop_queued()
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if private:
            headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(DomainError)
    def domain_error(err: DomainError):
        return error_response(err.status, err.code, err.message, err.field)

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        current_app.logger.info("CSRF refused: %s", err.description)
        return error_response(400, "csrf", _("The form had expired. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        code, message = error_text(err.code or 500)
        return error_response(err.code or 500, code, message)

    @app.errorhandler(Exception)
    def server_error(err: Exception):
        current_app.logger.exception("Unhandled error")
        code, message = error_text(500)
        return error_response(500, code, message)

    @app.context_processor
    def template_globals():
        return {"csrf_token": generate_csrf, "current_roles": roles(), "locale": str(get_locale()),
                "languages": [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")],
                "sites_not_operating": sites_not_operating}


def sites_not_operating() -> list:
    """The signed-in person's own sites that cannot issue or record today, each with the reason."""
    from app.network.scope import own_sites
    from app.network.operating import site_problem
    from app.models.base import helsinki_date, utcnow

    if not current_user.is_authenticated or getattr(current_user, "api_key", None) is not None:
        return []
    today = helsinki_date(utcnow())
    found = [(site, site_problem(site, today)) for kind in ("venue", "distributor") for site in own_sites(kind)]
    return [(site, problem) for site, problem in found if problem is not None]
