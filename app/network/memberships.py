"""Who may grant, see and manage which role memberships, and taking access away. Nobody grants a role
wider than their own: the national admin grants anything; a coordinator grants coordinator roles in its
own areas with at most its own side, and staff roles at organisations it manages."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.audit import actor_of, audit
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models import Area, Invitation, Membership, Organisation, User
from app.models.user import ROLES, SIDES
from app.network.people import end_sessions
from app.network.scope import SIDE_KINDS, coordinator_areas, is_national


def may_grant(principal, role: str, org: Organisation | None, area_id: int | None, side: str | None) -> bool:
    if is_national(principal):
        return True
    areas = coordinator_areas(principal)
    if role == "coordinator":
        kinds = SIDE_KINDS.get(side or "both")
        return area_id in areas and kinds is not None and kinds <= areas[area_id]
    if role in ("distributor", "venue"):
        return org is not None and org.kind == role and org.kind in areas.get(org.area_id, set())
    return False


@dataclass
class Grantable:
    """What an invitation form offers: the roles, and for each the places that fit it."""
    roles: list[str]
    orgs: dict[str, list[Organisation]]  # by role: "distributor" sites and "venue"s
    areas: list[Area]  # for coordinators, with one of `sides`
    sides: list[str]


def grantable(principal) -> Grantable:
    """Everything `may_grant` allows this principal, for the invitation form to offer. Organisations
    that were declined or deactivated are not offered."""
    open_orgs = db.session.scalars(select(Organisation).where(
        Organisation.kind.in_(("distributor", "venue")),
        Organisation.approval_state.in_(("proposed", "approved"))).order_by(Organisation.name)).all()
    orgs = {kind: [o for o in open_orgs if o.kind == kind and may_grant(principal, kind, o, None, None)]
            for kind in ("distributor", "venue")}
    all_areas = db.session.scalars(select(Area).order_by(Area.name)).all()
    pairs = [(area, side) for area in all_areas for side in SIDES
             if may_grant(principal, "coordinator", None, area.id, side)]
    areas = list(dict.fromkeys(area for area, _side in pairs))
    sides = [side for side in SIDES if any(side == s for _area, s in pairs)]
    roles = [role for role in ROLES if (role == "national_admin" and is_national(principal))
             or (role == "coordinator" and areas) or orgs.get(role)]
    return Grantable(roles=roles, orgs=orgs, areas=areas, sides=sides)


def may_manage(principal, m: Membership) -> bool:
    return may_grant(principal, m.role, m.organisation, m.area_id, m.side)


def may_see(principal, m: Membership) -> bool:
    """Coordinators see the people of their areas: fellow coordinators and the staff they look after."""
    if is_national(principal):
        return True
    areas = coordinator_areas(principal)
    if m.role == "coordinator":
        return m.area_id in areas
    return may_manage(principal, m)


def membership_in_scope(principal, membership_id: int) -> Membership | None:
    membership = db.session.get(Membership, membership_id)
    return membership if membership is not None and may_see(principal, membership) else None


def scope_area(m: Membership | Invitation) -> int | None:
    """The area a membership or an invitation gives access to."""
    if m.organisation_id is None:
        return m.area_id
    return db.session.get(Organisation, m.organisation_id).area_id


def people_in_scope(principal) -> list[tuple[User, list[Membership]]]:
    users = db.session.scalars(select(User).order_by(User.email)).all()
    found = [(user, [m for m in user.memberships if may_see(principal, m)]) for user in users]
    return [(user, shown) for user, shown in found if shown or (is_national(principal) and not user.memberships)]


def user_in_scope(principal, user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    if user is None or not (is_national(principal) or any(may_see(principal, m) for m in user.memberships)):
        return None
    return user


def check_whole_user(principal, user: User) -> None:
    """Deactivating or resetting touches every role the person has, so all must be within the scope."""
    _not_yourself(principal, user.id)
    if not (user.memberships or is_national(principal)):
        refuse()
    if not all(may_manage(principal, m) for m in user.memberships):
        refuse()


def first_area(user: User) -> int | None:
    return next((scope_area(m) for m in user.memberships if scope_area(m)), None)


def _not_yourself(principal, user_id: int) -> None:
    if user_id == principal.id:
        raise DomainError("not_yourself", _("You cannot do this to your own account."))


def check_removable(principal, m: Membership) -> None:
    _not_yourself(principal, m.user_id)
    if not may_manage(principal, m):
        refuse()


def remove_membership(principal, m: Membership) -> None:
    check_removable(principal, m)
    user = m.user
    before = membership_list(user)
    user.memberships.remove(m)
    db.session.flush()
    audit(actor_of(principal), "role_revoked", "user", user.id, scope_area(m), role=m.role,
          organisation_id=m.organisation_id, area=m.area_id, side=m.side,
          changes={"memberships": {"before": before, "after": membership_list(user)}})
    end_sessions(user.id)  # the roles a session was opened with are no longer what the person holds


def deactivate_user(principal, user: User) -> None:
    check_whole_user(principal, user)
    user.active = False
    audit(actor_of(principal), "user_deactivated", "user", user.id, first_area(user), email=user.email,
          changes={"active": {"before": True, "after": False}})
    end_sessions(user.id)
    db.session.flush()


def membership_list(user: User) -> list[str]:
    """Roles in words for the audit log, e.g. "venue: Teatteri" or "coordinator: Oulu (culture)"."""
    def describe(m: Membership) -> str:
        if m.organisation_id:
            return f"{m.role}: {db.session.get(Organisation, m.organisation_id).name}"
        if m.area_id:
            return f"{m.role}: {db.session.get(Area, m.area_id).name} ({m.side or 'both'})"
        return m.role
    return sorted(describe(m) for m in user.memberships)
