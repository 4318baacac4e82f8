"""Creating organisations and areas (used by the command line, the demo and later the admin screens)."""
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.errors import DomainError
from app.core.audit import Actor, audit
from app.extensions import db
from app.models import Area, CommitmentAck, CommitmentVersion, Municipality, Organisation
from app.models.base import helsinki_date, utcnow


# What the audit log keeps of an organisation: created with these values, changed from one to another.
AUDITED_FIELDS = ("kind", "name", "municipality_code", "default_category", "contact_name", "contact_email",
                  "contact_phone", "approval_state", "approved_from")


def audited_values(org: Organisation) -> dict[str, Any]:
    """The audited fields as JSON values (dates as ISO text); a distributor has no category of uses."""
    values = {name: getattr(org, name) for name in AUDITED_FIELDS
              if not (name == "default_category" and org.kind != "venue")}
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in values.items()}


def changed_values(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Only the fields that changed: {"name": {"before": "A", "after": "B"}, ...}."""
    return {name: {"before": before.get(name), "after": value} for name, value in after.items()
            if before.get(name) != value}


def audit_created(actor: Actor, org: Organisation) -> None:
    values = {name: value for name, value in audited_values(org).items() if value not in (None, "")}
    audit(actor, "org_created", "organisation", org.id, org.area_id, values=values)


def area_for(municipality: Municipality) -> Area:
    """The area that holds the municipality, or a new one-municipality area."""
    if municipality.area is not None:
        return municipality.area
    area = db.session.scalars(select(Area).where(Area.name == municipality.name_fi)).first()
    if area is None:
        area = Area(name=municipality.name_fi, county_code=municipality.county_code)
        db.session.add(area)
        db.session.flush()
    municipality.area_id = area.id
    db.session.flush()
    return area


def create_organisation(*, kind: str, name: str, municipality_code: str, category: str = "culture",
                        contact: tuple[str, str, str] = ("", "", ""), approved: bool = True,
                        actor: Actor | None = None) -> Organisation:
    """Audited as made by `actor`; by nobody (the system) when an operator runs the command line."""
    code = municipality_code.strip().zfill(3)
    municipality = db.session.get(Municipality, code)
    if municipality is None:
        raise DomainError("unknown_municipality", _("Unknown municipality."))
    if not name.strip():
        raise DomainError("invalid_name", _("Name: 1 to 200 characters."))
    area = area_for(municipality)
    org = Organisation(kind=kind, name=name.strip()[:200], municipality_code=code, area_id=area.id,
                       default_category=category, contact_name=contact[0], contact_email=contact[1],
                       contact_phone=contact[2])
    if approved:
        org.approval_state = "approved"
        org.approved_from = helsinki_date(utcnow())
        org.approval_note = "created by an operator"
    db.session.add(org)
    db.session.flush()
    audit_created(actor or Actor(), org)
    db.session.flush()
    latest = db.session.scalars(select(CommitmentVersion).order_by(CommitmentVersion.id.desc())).first()
    if approved and latest is not None:
        db.session.add(CommitmentAck(organisation_id=org.id, version_id=latest.id))
        db.session.flush()
    return org
