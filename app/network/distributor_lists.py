"""The distributor list sign-off: before the brochures are printed, an area's coordinator (the
distributor, sote side) prepares next year's list of distributor sites and submits it; the national
admin comments on it (back to the coordinator, who submits again) or approves it. From 1 January of
its year the approved list is what the public list of places and the brochure show (app.network.offers).

The list holds a snapshot of each site (name, municipality, service type, contact), taken when the
coordinator prepares it: who operates on 1 January of the year is decided from the organisations'
approval (approved_from, approved_until: the continuation round's scheduled ends) at that moment.
Services flush and never commit; every change is audited; e-mails go after the commit.
"""
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, gettext as _
from sqlalchemy import func, or_, select

from app.core import mail
from app.core.audit import actor_of, audit
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models import Area, Membership, Organisation, User
from app.models.base import utcnow
from app.models.distributor_list import DistributorList, DistributorListEntry
from app.network.scope import coordinator_areas, is_national

EDITABLE = ("draft", "commented")


@dataclass(frozen=True)
class Operating:
    """A distributor site that will operate on 1 January of the year, as the list will show it."""

    organisation: Organisation
    new_partner: bool
    awaiting_approval: bool


def operating_on_new_year(area_id: int, year: int) -> list[Operating]:
    """The area's distributor sites that operate on 1 January of `year`: approved ones whose scheduled
    end is not before that day, those approved to start during the year (new partners), and proposed
    ones still waiting for the national admin's approval. By name."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    approved = ((Organisation.approval_state == "approved")
                & or_(Organisation.approved_until.is_(None), Organisation.approved_until >= first)
                & or_(Organisation.approved_from.is_(None), Organisation.approved_from <= last))
    orgs = db.session.scalars(
        select(Organisation).where(Organisation.kind == "distributor", Organisation.area_id == area_id,
                                   approved | (Organisation.approval_state == "proposed"))
        .order_by(Organisation.name, Organisation.id)).all()
    return [Operating(org, new_partner=org.approval_state == "proposed"
                      or (org.approved_from is not None and org.approved_from >= first),
                      awaiting_approval=org.approval_state == "proposed") for org in orgs]


def coordinates(principal, area_id: int) -> bool:
    """The national admin, or a coordinator of the area's distributors (the sote side)."""
    return is_national(principal) or "distributor" in coordinator_areas(principal).get(area_id, set())


def sote_area_ids(principal) -> list[int] | None:
    """None for the national admin (every area); else the areas whose distributors the coordinator looks after."""
    if is_national(principal):
        return None
    return [area_id for area_id, kinds in coordinator_areas(principal).items() if "distributor" in kinds]


def list_in_scope(principal, list_id: int) -> DistributorList | None:
    """A list the principal may see; one of another area is as good as missing."""
    found = db.session.get(DistributorList, list_id)
    return found if found is not None and coordinates(principal, found.area_id) else None


def lists_for(principal, *, state: str | None = None) -> list[DistributorList]:
    """The lists the principal sees, newest year first, then by area name."""
    query = select(DistributorList).join(Area, DistributorList.area_id == Area.id)
    wanted = sote_area_ids(principal)
    if wanted is not None:
        query = query.where(DistributorList.area_id.in_(wanted))
    if state:
        query = query.where(DistributorList.state == state)
    return db.session.scalars(query.order_by(DistributorList.year.desc(), Area.name)).all()


def waiting_for_review() -> int:
    return db.session.scalar(select(func.count()).select_from(DistributorList)
                             .where(DistributorList.state == "submitted")) or 0


def find(area_id: int, year: int) -> DistributorList | None:
    return db.session.scalars(select(DistributorList).where(DistributorList.area_id == area_id,
                                                            DistributorList.year == year)).first()


def approved_lists(year: int, area_ids: list[int] | None = None) -> list[DistributorList]:
    query = select(DistributorList).where(DistributorList.year == year, DistributorList.state == "approved")
    if area_ids is not None:
        query = query.where(DistributorList.area_id.in_(area_ids))
    return db.session.scalars(query).all()


def publicly_listed(entry: DistributorListEntry) -> bool:
    """An entry that was still waiting for approval shows only once its organisation is approved."""
    if not entry.awaiting_approval:
        return True
    org = db.session.get(Organisation, entry.organisation_id) if entry.organisation_id else None
    return org is not None and org.approval_state == "approved"


def check_year(year: int, today: date) -> None:
    if year not in (today.year, today.year + 1):
        raise DomainError("invalid_year", _("A list is prepared for this year or the next."), field="year")


def prepare(principal, area: Area, year: int, *, today: date) -> DistributorList:
    """The area's list for `year` from the organisations as they are now: a new draft, or a draft
    or commented list taken again (the review comment stays until the next review)."""
    if not coordinates(principal, area.id):
        refuse()
    check_year(year, today)
    found = find(area.id, year)
    if found is not None and found.state not in EDITABLE:
        raise DomainError("list_not_editable", _("This list has been submitted and can no longer be changed."),
                          status=409)
    if found is None:
        found = DistributorList(area_id=area.id, year=year, state="draft")
        db.session.add(found)
    found.prepared_at, found.prepared_by_id = utcnow(), principal.id
    found.entries = [DistributorListEntry(
        organisation_id=o.organisation.id, name=o.organisation.name,
        municipality_code=o.organisation.municipality_code, service_type=o.organisation.service_type,
        contact_name=o.organisation.contact_name, contact_email=o.organisation.contact_email,
        contact_phone=o.organisation.contact_phone, new_partner=o.new_partner,
        awaiting_approval=o.awaiting_approval) for o in operating_on_new_year(area.id, year)]
    db.session.flush()
    audit(actor_of(principal), "distributor_list_prepared", "distributor_list", found.id, area.id, year=year,
          entries=len(found.entries))
    db.session.flush()
    return found


def submit(principal, dlist: DistributorList) -> None:
    """The coordinator sends the list to the national centre; the national admins are e-mailed."""
    if not coordinates(principal, dlist.area_id):
        refuse()
    if dlist.state not in EDITABLE:
        raise DomainError("list_not_editable", _("This list has already been submitted."), status=409)
    dlist.state, dlist.submitted_at, dlist.submitted_by_id = "submitted", utcnow(), principal.id
    audit(actor_of(principal), "distributor_list_submitted", "distributor_list", dlist.id, dlist.area_id,
          year=dlist.year, entries=len(dlist.entries))
    db.session.flush()
    notify(national_admins(), lambda: (
        _("Distributor list %(year)d of %(area)s submitted", year=dlist.year, area=dlist.area.name),
        _("The coordinator of %(area)s has submitted the distributor list for %(year)d. Sites on the list: "
          "%(num)d. Review it in Kaikukanta: Administration, Distributor lists.", area=dlist.area.name,
          year=dlist.year, num=len(dlist.entries))))


def review(principal, dlist: DistributorList, *, approve: bool, comment: str = "") -> None:
    """The national admin approves the submitted list, or sends it back with a comment."""
    if not is_national(principal):
        refuse()
    if dlist.state != "submitted":
        raise DomainError("list_not_submitted", _("This list is not waiting for review."), status=409)
    comment = comment.strip()
    if not approve and not comment:
        raise DomainError("comment_required", _("Write what should be changed."), field="comment")
    dlist.state = "approved" if approve else "commented"
    dlist.reviewed_at, dlist.reviewed_by_id, dlist.review_comment = utcnow(), principal.id, comment or None
    audit(actor_of(principal), "distributor_list_approved" if approve else "distributor_list_commented",
          "distributor_list", dlist.id, dlist.area_id, year=dlist.year, comment=comment)
    db.session.flush()
    notify(area_coordinators(dlist.area_id), lambda: (
        (_("Distributor list %(year)d of %(area)s approved", year=dlist.year, area=dlist.area.name) if approve
         else _("Distributor list %(year)d of %(area)s: comments", year=dlist.year, area=dlist.area.name)),
        (_("The national centre has approved your distributor list for %(year)d.", year=dlist.year) if approve
         else _("The national centre has commented on your distributor list for %(year)d. Check the list and "
                "submit it again.", year=dlist.year)) + ("\n\n" + comment if comment else "")))


# E-mail: composed in each recipient's language during the request, sent once the request commits.

def national_admins() -> list[User]:
    return db.session.scalars(select(User).join(Membership).where(
        Membership.role == "national_admin", User.active.is_(True))).unique().all()


def area_coordinators(area_id: int) -> list[User]:
    return db.session.scalars(select(User).join(Membership).where(
        Membership.role == "coordinator", Membership.area_id == area_id, User.active.is_(True),
        or_(Membership.side.is_(None), Membership.side.in_(("sote", "both"))))).unique().all()


def notify(users: list[User], compose) -> None:
    """`compose()` gives (subject, body), called in each recipient's language; mailed after the commit."""
    if not users or not mail.configured():
        return
    messages = []
    for user in users:
        with force_locale(user.language if user.language in mail.LANGUAGES else "fi"):
            subject, body = compose()
        messages.append({"to": user.email, "subject": subject, "body": body + "\n"})
    mail.queue_messages(messages)
