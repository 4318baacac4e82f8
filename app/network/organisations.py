"""Organisations: what the audit log keeps of one, and who sees, creates, changes, approves,
deactivates and reactivates which. An operator (command line, demo) creates approved ones; a
coordinator proposes them and the national admin or the area's culture-side coordinator decides."""
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, false, or_, select

from app.core.audit import Actor, actor_of, audit
from app.core.dates import today
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models import CommitmentAck, Municipality, Organisation
from app.models.base import helsinki_date, utcnow
from app.models.organisation import CATEGORIES, ORG_KINDS
from app.network import contacts
from app.network.areas import area_for
from app.network.scope import can_manage_org, coordinator_areas, is_national


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
    # Imported here: commitments builds on this module (visible_orgs).
    from app.network.commitments import current_version
    latest = current_version()
    if approved and latest is not None:
        db.session.add(CommitmentAck(organisation_id=org.id, version_id=latest.id))
        db.session.flush()
    return org


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


def listed_orgs(principal, *, area_id: int | None = None, state: str | None = None) -> list[Organisation]:
    return list(db.session.scalars(visible_orgs(principal, area_id=area_id, state=state)))


def org_in_scope(principal, org_id: int) -> Organisation | None:
    """An organisation the principal may manage; one outside its scope is as good as missing."""
    org = db.session.get(Organisation, org_id)
    return org if org is not None and can_manage_org(org, principal) else None


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
        contacts.organisation_changed(principal, org, changes)  # a new contact person: the national centre is told
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
