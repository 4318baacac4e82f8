"""Areas and organisations: who sees, creates, changes, approves and deactivates which."""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, and_, false, or_, select

from app.core.audit import actor_of
from app.core.errors import refuse
from app.core.dates import today
from app.auth.scope import can_manage_org, coordinator_areas, is_national
from app.core.errors import DomainError
from app.core.audit import audit
from app.extensions import db
from app.models import Area, Municipality, Organisation, WellbeingCounty
from app.models.organisation import CATEGORIES, ORG_KINDS
from app.network.organisations import audit_created, audited_values, changed_values


@dataclass
class OrgData:
    kind: str
    name: str
    municipality_code: str
    default_category: str
    contact_name: str
    contact_email: str
    contact_phone: str


def kinds_in(principal, area_id: int) -> set[str]:
    if is_national(principal):
        return set(ORG_KINDS)
    return coordinator_areas(principal).get(area_id, set())


def visible_orgs(principal, *, area_id: int | None = None, state: str | None = None) -> Select:
    query = select(Organisation).order_by(Organisation.kind, Organisation.name)
    if not is_national(principal):
        pairs = [and_(Organisation.area_id == a, Organisation.kind.in_(kinds))
                 for a, kinds in coordinator_areas(principal).items()]
        query = query.where(or_(*pairs) if pairs else false())
    if area_id:
        query = query.where(Organisation.area_id == area_id)
    if state:
        query = query.where(Organisation.approval_state == state)
    return query


def visible_areas(principal) -> list[Area]:
    query = select(Area).order_by(Area.name)
    if not is_national(principal):
        query = query.where(Area.id.in_(coordinator_areas(principal).keys()))
    return db.session.scalars(query).all()


def municipalities_for(principal) -> list[Municipality]:
    """Municipalities where the principal may place an organisation: those of its areas."""
    query = select(Municipality).where(Municipality.area_id.is_not(None)).order_by(Municipality.name_fi)
    if not is_national(principal):
        query = query.where(Municipality.area_id.in_(coordinator_areas(principal).keys()))
    return db.session.scalars(query).all()


def save_organisation(principal, org: Organisation | None, data: OrgData) -> Organisation:
    """Create (state `proposed`) or change an organisation within the principal's scope."""
    municipality = db.session.get(Municipality, data.municipality_code)
    if municipality is None or municipality.area_id is None:
        raise DomainError("unknown_municipality", _("Choose a municipality of a Kaikukortti area."),
                          field="municipality_code")
    kind = org.kind if org else data.kind
    if kind not in kinds_in(principal, municipality.area_id):
        raise DomainError("outside_scope", _("You cannot add this kind of organisation in that municipality."),
                          status=403, field="municipality_code")
    if data.default_category not in CATEGORIES:
        raise DomainError("invalid_category", _("Choose a category."), field="default_category")
    before = audited_values(org) if org is not None else None
    if org is None:
        org = Organisation(kind=kind, approval_state="proposed")
        db.session.add(org)
    org.name = data.name.strip()
    org.municipality_code = municipality.code
    org.area_id = municipality.area_id
    org.default_category = data.default_category if kind == "venue" else "culture"
    org.contact_name = data.contact_name.strip()
    org.contact_email = data.contact_email.strip().lower()
    org.contact_phone = data.contact_phone.strip()
    db.session.flush()
    if before is None:
        audit_created(actor_of(principal), org)
    elif changes := changed_values(before, audited_values(org)):
        audit(actor_of(principal), "org_changed", "organisation", org.id, org.area_id, changes=changes)
    db.session.flush()
    return org


def can_decide(principal, org: Organisation) -> bool:
    """National admin approves distributors; venues also by their area's culture-side coordinator."""
    if is_national(principal):
        return True
    return org.kind == "venue" and can_manage_org(org, principal)


def next_new_year(on: date) -> date:
    return date(on.year + 1, 1, 1)


def decide(principal, org: Organisation, *, approve: bool, reason: str = "", override: bool = False,
           on: date | None = None) -> None:
    """Approve or decline a proposed organisation. A distributor's approval takes effect on the next
    1 January (no new distributors mid-year) unless the national admin overrides it with a reason."""
    on = on or today()
    if org.approval_state != "proposed":
        raise DomainError("not_proposed", _("This organisation is not waiting for a decision."), status=409)
    if not can_decide(principal, org):
        refuse()
    reason = reason.strip()
    before = audited_values(org)
    if not approve:
        if not reason:
            raise DomainError("reason_required", _("Give the reason."), field="reason")
        org.approval_state, org.approval_note = "declined", reason
        audit(actor_of(principal), "org_declined", "organisation", org.id, org.area_id,
              changes=changed_values(before, audited_values(org)), reason=reason)
        db.session.flush()
        return
    starts = on
    if org.kind == "distributor" and not override:
        starts = next_new_year(on)
    elif org.kind == "distributor" and not reason:
        raise DomainError("reason_required", _("Give the reason for starting before 1 January."), field="reason")
    org.approval_state, org.approved_from, org.approval_note = "approved", starts, reason or None
    audit(actor_of(principal), "org_approved", "organisation", org.id, org.area_id,
          changes=changed_values(before, audited_values(org)),
          override=bool(override and org.kind == "distributor"), reason=reason)
    db.session.flush()


def deactivate(principal, org: Organisation, reason: str) -> None:
    """Its people can no longer act (organisation_active is false); its history stays."""
    if not can_manage_org(org, principal):
        refuse()
    if org.approval_state != "approved":
        raise DomainError("not_approved", _("Only an approved organisation can be deactivated."), status=409)
    if not reason.strip():
        raise DomainError("reason_required", _("Give the reason."), field="reason")
    before = audited_values(org)
    org.approval_state = "deactivated"
    audit(actor_of(principal), "org_deactivated", "organisation", org.id, org.area_id,
          changes=changed_values(before, audited_values(org)), reason=reason.strip())
    db.session.flush()


def reactivate(principal, org: Organisation) -> None:
    if not is_national(principal):
        refuse()
    if org.approval_state != "deactivated":
        raise DomainError("not_deactivated", _("This organisation is not deactivated."), status=409)
    before = audited_values(org)
    org.approval_state = "approved"
    org.approved_from = org.approved_from or today()
    audit(actor_of(principal), "org_reactivated", "organisation", org.id, org.area_id,
          changes=changed_values(before, audited_values(org)))
    db.session.flush()


def free_municipalities() -> list[Municipality]:
    return db.session.scalars(select(Municipality).where(Municipality.area_id.is_(None))
                              .order_by(Municipality.name_fi)).all()


def counties() -> list[WellbeingCounty]:
    return db.session.scalars(select(WellbeingCounty).order_by(WellbeingCounty.name_fi)).all()


def create_area(principal, *, name: str, county_code: str | None, municipality_codes: list[str]) -> Area:
    if not is_national(principal):
        refuse()
    name = name.strip()
    if db.session.scalars(select(Area).where(Area.name == name)).first() is not None:
        raise DomainError("area_exists", _("An area with this name already exists."), field="name")
    if county_code and db.session.get(WellbeingCounty, county_code) is None:
        raise DomainError("unknown_county", _("Choose a wellbeing services county."), field="county_code")
    municipalities = [db.session.get(Municipality, code) for code in municipality_codes]
    if not municipalities or any(m is None or m.area_id is not None for m in municipalities):
        raise DomainError("municipality_taken", _("Choose municipalities that are not yet in an area."),
                          field="municipalities")
    area = Area(name=name, county_code=county_code or None)
    db.session.add(area)
    db.session.flush()
    for municipality in municipalities:
        municipality.area_id = area.id
    audit(actor_of(principal), "area_created", "area", area.id, area.id,
          municipalities=[m.code for m in municipalities])
    db.session.flush()
    return area
