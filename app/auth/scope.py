"""Roles and scopes, and the one guard every protected route uses.

national_admin sees everything; a coordinator sees its areas (culture side: venues, sote side:
distributors, both: all); distributor and venue staff see their own sites.
"""
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.extensions import db
from app.models import Organisation

SIDE_KINDS = {"culture": {"venue"}, "sote": {"distributor"}, "both": {"venue", "distributor"}}


def roles(principal=None) -> set[str]:
    principal = principal or current_user
    return set(principal.roles) if principal.is_authenticated else set()


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


def own_sites(kind: str, principal=None) -> list[Organisation]:
    principal = principal or current_user
    if getattr(principal, "api_key", None) is not None:
        org = principal.organisation
        return [org] if org.kind == kind else []
    return [m.organisation for m in principal.memberships
            if m.role == kind and m.organisation is not None and m.organisation.kind == kind]


def coordinator_areas(principal=None) -> dict[int, set[str]]:
    """Area id -> organisation kinds the coordinator looks after there."""
    principal = principal or current_user
    areas: dict[int, set[str]] = {}
    for m in principal.memberships:
        if m.role == "coordinator" and m.area_id is not None:
            areas.setdefault(m.area_id, set()).update(SIDE_KINDS.get(m.side or "both", set()))
    return areas


def is_national(principal=None) -> bool:
    return "national_admin" in roles(principal)


def can_manage_org(org: Organisation, principal=None) -> bool:
    if is_national(principal):
        return True
    return org.kind in coordinator_areas(principal).get(org.area_id, set())


def can_see_area(area_id: int, principal=None) -> bool:
    return is_national(principal) or area_id in coordinator_areas(principal)


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
