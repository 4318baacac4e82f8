"""Creating organisations and areas (used by the command line, the demo and later the admin screens)."""
from flask_babel import gettext as _
from sqlalchemy import select

from app.cards.errors import DomainError
from app.extensions import db
from app.models import Area, CommitmentAck, CommitmentVersion, Municipality, Organisation
from app.models.base import helsinki_date, utcnow


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
                        contact: tuple[str, str, str] = ("", "", ""), approved: bool = True) -> Organisation:
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
    latest = db.session.scalars(select(CommitmentVersion).order_by(CommitmentVersion.id.desc())).first()
    if approved and latest is not None:
        db.session.add(CommitmentAck(organisation_id=org.id, version_id=latest.id))
        db.session.flush()
    return org
