"""Contacts: each area's coordinators' work contact details (culture and sote side) and feedback e-mail, kept by
the area's coordinators; and every change of those or of an organisation's contact person, recorded for the
national centre (a list on its start page until marked seen, and an e-mail where mail is configured).

The national centre's address is the setting NATIONAL_CENTRE_EMAIL (as for feedback meeting invitations);
without it, or without a mail server, the change is only listed in the app.
"""
import re
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext as _
from sqlalchemy import select

from app.core import mail
from app.core.audit import actor_of, audit
from app.core.errors import DomainError, refuse
from app.core.forms import EMAIL
from app.extensions import db
from app.models import Area, Membership, Organisation, User
from app.models.base import utcnow
from app.models.contact import COORDINATION_SIDES, AreaContact, ContactChange
from app.network import areas
from app.network.scope import is_national

ORG_CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
CONTACT_FIELDS = ("user_id", "side", "name", "title", "email", "phone", "public")
# What a change records of a contact: its fields, the linked coordinator by e-mail address.
RECORDED = ("user", "side", "name", "title", "email", "phone", "public")
RECORDED_AS = {"title": "job_title"}  # the audit log's "title" is a material's
CENTRE_LANGUAGE = "fi"
LIMITS = {"name": 200, "title": 200, "email": 200, "phone": 40}


def centre_address() -> str:
    return (current_app.config.get("NATIONAL_CENTRE_EMAIL") or "").strip()


# Reading

def area_in_scope(principal, area_id: int) -> Area | None:
    """An area whose contacts the principal keeps: the national admin's any, a coordinator's own."""
    return areas.area_in_scope(principal, area_id)


def contacts_by_area(area_ids: list[int], public_only: bool = False) -> dict[int, list[AreaContact]]:
    query = select(AreaContact).where(AreaContact.area_id.in_(area_ids)).order_by(
        AreaContact.side, AreaContact.name, AreaContact.id)
    if public_only:
        query = query.where(AreaContact.public.is_(True))
    found: dict[int, list[AreaContact]] = {}
    for contact in db.session.scalars(query):
        found.setdefault(contact.area_id, []).append(contact)
    return found


def public_contacts(area: Area) -> list[AreaContact]:
    """What the public area page shows: the contacts marked public."""
    return contacts_by_area([area.id], public_only=True).get(area.id, [])


def contact_in_area(area: Area, contact_id: int) -> AreaContact | None:
    contact = db.session.get(AreaContact, contact_id)
    return contact if contact is not None and contact.area_id == area.id else None


def coordinators_of(area_id: int) -> list[tuple[User, str]]:
    """The area's active coordinators with their side ("culture", "sote" or "both")."""
    rows = db.session.execute(select(User, Membership.side).join(Membership, Membership.user_id == User.id).where(
        Membership.role == "coordinator", Membership.area_id == area_id, User.active.is_(True)).order_by(User.email))
    return [(user, side or "both") for user, side in rows]


# Changing

@dataclass
class ContactData:
    side: str
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    public: bool = True
    user_id: int | None = None


def _values(contact: AreaContact) -> dict[str, Any]:
    values = {RECORDED_AS.get(name, name): getattr(contact, name) for name in RECORDED if name != "user"}
    user = db.session.get(User, contact.user_id) if contact.user_id else None
    return {"user": user.email if user else None, **values}


def _changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: {"before": before.get(name), "after": value} for name, value in after.items()
            if before.get(name) != value}


def _clean(area: Area, data: ContactData) -> ContactData:
    if data.side not in COORDINATION_SIDES:
        raise DomainError("invalid_side", _("Choose the side."), field="side")
    cleaned = ContactData(side=data.side, name=data.name.strip(), title=data.title.strip(),
                          email=data.email.strip().lower(), phone=data.phone.strip(), public=bool(data.public),
                          user_id=data.user_id or None)
    if not cleaned.name:
        raise DomainError("name_required", _("Give the name."), field="name")
    for name, limit in LIMITS.items():
        if len(getattr(cleaned, name)) > limit:
            raise DomainError("too_long", _("At most %(num)d characters.", num=limit), field=name)
    if cleaned.email and not re.match(EMAIL, cleaned.email):
        raise DomainError("invalid_email", _("Give a valid email address."), field="email")
    if cleaned.user_id is not None and cleaned.user_id not in {u.id for u, _side in coordinators_of(area.id)}:
        raise DomainError("not_coordinator", _("Choose one of the area's coordinators."), field="user_id")
    return cleaned


def save_contact(principal, area: Area, contact: AreaContact | None, data: ContactData) -> AreaContact:
    """Add (contact None) or change one of the area's contacts; recorded for the national centre."""
    if area_in_scope(principal, area.id) is None:
        refuse()
    data = _clean(area, data)
    before = _values(contact) if contact is not None else {}
    if contact is None:
        contact = AreaContact(area_id=area.id)
        db.session.add(contact)
    for name in CONTACT_FIELDS:
        setattr(contact, name, getattr(data, name))
    changes = _changed(before, _values(contact))
    if not changes:
        return contact
    contact.changed_at = utcnow()
    db.session.flush()
    action, kind = ("area_contact_changed", "contact_changed") if before else ("area_contact_added", "contact_added")
    audit(actor_of(principal), action, "area", area.id, area.id, contact=contact.id, changes=changes)
    record(principal, kind, contact.name, changes, area=area)
    return contact


def remove_contact(principal, area: Area, contact: AreaContact) -> None:
    if area_in_scope(principal, area.id) is None or contact.area_id != area.id:
        refuse()
    changes = _changed(_values(contact), {RECORDED_AS.get(name, name): None for name in RECORDED})
    audit(actor_of(principal), "area_contact_removed", "area", area.id, area.id, contact=contact.id, changes=changes)
    record(principal, "contact_removed", contact.name, changes, area=area)
    db.session.delete(contact)
    db.session.flush()


def set_feedback_email(principal, area: Area, email: str) -> None:
    if area_in_scope(principal, area.id) is None:
        refuse()
    email = email.strip().lower()
    if email and (len(email) > LIMITS["email"] or not re.match(EMAIL, email)):
        raise DomainError("invalid_email", _("Give a valid email address."), field="feedback_email")
    if email == area.feedback_email:
        return
    changes = {"feedback_email": {"before": area.feedback_email, "after": email}}
    area.feedback_email = email
    audit(actor_of(principal), "area_feedback_email_changed", "area", area.id, area.id, changes=changes)
    record(principal, "feedback_email", area.name, changes, area=area)


def organisation_changed(principal, org: Organisation, changes: dict[str, dict[str, Any]]) -> None:
    """Called by app.network.organisations with an organisation's audited changes: a change of its contact
    person is recorded for the national centre (the audit entry is the organisation's own)."""
    contact = {name: change for name, change in changes.items() if name in ORG_CONTACT_FIELDS}
    if contact:
        record(principal, "organisation", org.name, contact, area=org.area, organisation=org)


def record(principal, kind: str, subject: str, changes: dict[str, Any], *, area: Area | None = None,
           organisation: Organisation | None = None) -> ContactChange:
    change = ContactChange(kind=kind, subject=subject[:200], changes=changes, changed_by_id=principal.id,
                           area_id=area.id if area else None, organisation_id=organisation.id if organisation else None)
    db.session.add(change)
    db.session.flush()
    _mail_centre(change, area)
    return change


# The national centre's list

def unseen(limit: int = 20) -> list[ContactChange]:
    return list(db.session.scalars(select(ContactChange).where(ContactChange.seen_at.is_(None))
                                   .order_by(ContactChange.at.desc(), ContactChange.id.desc()).limit(limit)))


def recent(principal, limit: int = 50) -> list[ContactChange]:
    """The latest changes in the principal's areas (every area for the national admin)."""
    query = select(ContactChange).order_by(ContactChange.at.desc(), ContactChange.id.desc()).limit(limit)
    wanted = areas.area_ids(principal)
    if wanted is not None:
        query = query.where(ContactChange.area_id.in_(wanted))
    return list(db.session.scalars(query))


def mark_seen(principal, change_ids: list[int] | None) -> int:
    """The national admin marks these changes (all unseen ones when None) seen; returns how many."""
    if not is_national(principal):
        refuse()
    query = select(ContactChange).where(ContactChange.seen_at.is_(None))
    if change_ids is not None:
        query = query.where(ContactChange.id.in_(change_ids))
    changes = list(db.session.scalars(query))
    now = utcnow()
    for change in changes:
        change.seen_at, change.seen_by_id = now, principal.id
    if changes:
        audit(actor_of(principal), "contact_changes_seen", "contact_change", changes[0].id,
              changes=sorted(c.id for c in changes))
    db.session.flush()
    return len(changes)


def _mail_centre(change: ContactChange, area: Area | None) -> None:
    address = centre_address()
    if not (address and mail.configured()):
        return
    from app.core.labels import AUDIT_FIELD

    with force_locale(CENTRE_LANGUAGE):
        subject = _("Kaikukanta: contact details changed: %(name)s", name=change.subject)
        lines = [_("Contact details were changed in Kaikukanta."), ""]
        if area is not None:
            lines.append(_("Area: %(name)s", name=area.name))
        lines.append(_("Changed: %(name)s", name=change.subject))
        for name, values in change.changes.items():
            label = str(AUDIT_FIELD.get(name, name))
            lines.append(f"{label}: {values.get('before') or '–'} → {values.get('after') or '–'}")
        lines += ["", _("See the changes and mark them seen: %(link)s", link=mail.app_link("admin.start"))]
    mail.queue_messages([{"to": address, "subject": subject, "body": "\n".join(lines) + "\n"}])
