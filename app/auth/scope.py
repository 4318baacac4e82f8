"""The one guard every protected route uses, and the site a request acts for. Who sees what (roles
and scopes) is decided in app.network.scope."""
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.extensions import db
from app.models import Organisation
from app.network.scope import own_sites, roles


def guard(*allowed: str):
    """Login required (401), and one of the `allowed` roles (403)."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if request.path.startswith("/api/") or request.method != "GET":
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not roles() & set(allowed):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorate


def current_site(kind: str) -> Organisation:
    """The site the request acts for: the `site` parameter, or the principal's only site."""
    sites = own_sites(kind)
    wanted = requested_site_id()
    if wanted:
        for site in sites:
            if str(site.id) == str(wanted):
                return site
        abort(403)
    if len(sites) == 1:
        return sites[0]
    if not sites:
        abort(403)
    raise DomainError("choose_site", _("Choose the site you act for."), field="site")


def current_site_facts(kind: str):
    """`current_site`, but for an API key the site's facts kept with the key (app.auth.principal.Site),
    so the hot path reads no organisation row; a person gets the Organisation as from current_site."""
    site = getattr(current_user, "site", None)
    if getattr(current_user, "api_key", None) is None or site is None:
        return current_site(kind)
    wanted = requested_site_id()
    if site.kind != kind or (wanted and str(wanted) != str(site.id)):
        abort(403)
    return site


def requested_site_id() -> str | None:
    if request.args.get("site"):
        return request.args["site"]
    if request.is_json:
        body = request.get_json(silent=True)
        return body.get("site") if isinstance(body, dict) else None
    return request.form.get("site")


def own_site_record(model, pk: int, kind: str = "venue", site_attr: str = "venue_id"):
    """A record that belongs to one of the principal's own sites: 404 if missing, 403 if another's."""
    record = db.session.get(model, pk)
    if record is None:
        abort(404)
    if getattr(record, site_attr) not in {site.id for site in own_sites(kind)}:
        abort(403)
    return record


def org_or_404(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        abort(404)
    return org
