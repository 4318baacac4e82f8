"""Roles and scopes, read from a person's memberships (or, for an organisation's API key, its own site).

national_admin sees everything; a coordinator sees its areas (culture side: venues, sote side:
distributors, both: all); distributor and venue staff see their own sites. `principal` is the
signed-in person unless another is given.
"""
from flask_login import current_user

from app.models import Organisation

SIDE_KINDS = {"culture": {"venue"}, "sote": {"distributor"}, "both": {"venue", "distributor"}}


def roles(principal=None) -> set[str]:
    principal = principal or current_user
    return set(principal.roles) if principal.is_authenticated else set()


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
