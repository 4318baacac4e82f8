"""People: invitations and password-reset links, and revoking access. Nobody grants a role wider than
their own: the national admin grants anything; a coordinator grants coordinator roles in its own areas
with at most its own side, and staff roles at organisations it manages."""
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.core.forms import EMAIL
from app.core.audit import actor_of
from app.core.errors import refuse
from app.auth import sessions
from app.auth.scope import SIDE_KINDS, coordinator_areas, is_national
from app.core.errors import DomainError
from app.core.audit import Actor, audit
from app.extensions import db
from app.models import Area, Invitation, Membership, Organisation, User
from app.models.base import utcnow
from app.models.invitation import hash_token
from app.models.user import ROLES, SIDES
from app.network.people import check_password_strength

LINK_DAYS = 7


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
    if user.id == principal.id:
        raise DomainError("not_yourself", _("You cannot do this to your own account."))
    if not (user.memberships or is_national(principal)):
        refuse()
    if not all(may_manage(principal, m) for m in user.memberships):
        refuse()


def new_link(principal, **fields) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation(token_hash=hash_token(token), created_by_id=principal.id if principal else None,
                            expires_at=utcnow() + timedelta(days=LINK_DAYS), **fields)
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def invite(principal, *, email: str, role: str, org_id: int | None, area_id: int | None,
           side: str | None) -> tuple[Invitation, str]:
    email = email.strip().lower()
    if not re.match(EMAIL, email):
        raise DomainError("invalid_email", _("Give a valid email address."), field="email")
    if role not in ROLES:
        raise DomainError("invalid_role", _("Choose a role."), field="role")
    org = db.session.get(Organisation, org_id) if org_id else None
    if role in ("distributor", "venue") and (org is None or org.kind != role):
        raise DomainError("invalid_org", _("Choose an organisation of this kind."), field="organisation_id")
    if role == "coordinator" and (not area_id or db.session.get(Area, area_id) is None or side not in SIDES):
        raise DomainError("invalid_area", _("Choose the area and the side."), field="area_id")
    if role != "coordinator":
        area_id, side = None, None
    if role not in ("distributor", "venue"):
        org = None
    if not may_grant(principal, role, org, area_id, side):
        raise DomainError("not_allowed", _("You cannot grant this role with this scope."), status=403, field="role")
    invitation, token = new_link(principal, purpose="invite", email=email, role=role,
                                 organisation_id=org.id if org else None, area_id=area_id, side=side)
    audit(actor_of(principal), "role_invited", "invitation", invitation.id, org.area_id if org else area_id,
          email=email, role=role, organisation_id=invitation.organisation_id, side=side)
    return invitation, token


def reset_link(principal, user: User) -> tuple[Invitation, str]:
    check_whole_user(principal, user)
    if not user.active:
        raise DomainError("inactive_user", _("This person's access has been revoked."))
    now = utcnow()
    for earlier in db.session.scalars(select(Invitation).where(
            Invitation.user_id == user.id, Invitation.purpose == "reset", Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None))):
        earlier.revoked_at = now
    invitation, token = new_link(principal, purpose="reset", email=user.email, user_id=user.id)
    audit(actor_of(principal), "password_reset_link", "user", user.id, first_area(user))
    return invitation, token


def first_area(user: User) -> int | None:
    return next((scope_area(m) for m in user.memberships if scope_area(m)), None)


def open_invitations(principal) -> list[Invitation]:
    found = db.session.scalars(select(Invitation).where(
        Invitation.used_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow(),
    ).order_by(Invitation.created_at.desc())).all()
    return [i for i in found if invitation_in_scope(principal, i)]


def invitation_in_scope(principal, invitation: Invitation) -> bool:
    if invitation.purpose == "reset":
        user = db.session.get(User, invitation.user_id)
        return user is not None and all(may_manage(principal, m) for m in user.memberships)
    org = db.session.get(Organisation, invitation.organisation_id) if invitation.organisation_id else None
    return may_grant(principal, invitation.role, org, invitation.area_id, invitation.side)


def revoke_invitation(principal, invitation: Invitation) -> None:
    if not invitation_in_scope(principal, invitation):
        refuse()
    if invitation.used_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit(actor_of(principal), "invitation_revoked", "invitation", invitation.id, scope_area(invitation),
              email=invitation.email)
        db.session.flush()


def check_removable(principal, m: Membership) -> None:
    if m.user_id == principal.id:
        raise DomainError("not_yourself", _("You cannot do this to your own account."))
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
    sessions.end_all(user.id)  # the roles a session was opened with are no longer what the person holds


def deactivate_user(principal, user: User) -> None:
    check_whole_user(principal, user)
    user.active = False
    audit(actor_of(principal), "user_deactivated", "user", user.id, first_area(user), email=user.email,
          changes={"active": {"before": True, "after": False}})
    sessions.end_all(user.id)
    db.session.flush()


def find_invitation(token: str) -> Invitation | None:
    return db.session.scalars(select(Invitation).where(Invitation.token_hash == hash_token(token))).first()


def link_state(invitation: Invitation | None, now: datetime | None = None) -> str:
    if invitation is None:
        return "unknown"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at <= (now or utcnow()):
        return "expired"
    return "valid"


def existing_account(invitation: Invitation) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == invitation.email.lower())).first()


def _usable(token: str) -> Invitation:
    """A link that can still be used, whose creator could still grant what it offers."""
    invitation = find_invitation(token)
    if link_state(invitation) != "valid" or not _creator_still_may(invitation):
        raise DomainError("link_not_valid", _("This link can no longer be used."), status=410)
    return invitation


def _creator_still_may(invitation: Invitation) -> bool:
    if invitation.created_by_id is None:  # asked for by the person themselves, by e-mail
        return invitation.purpose == "reset"
    creator = db.session.get(User, invitation.created_by_id)
    if creator is None or not creator.active:
        return False
    return invitation_in_scope(creator, invitation)


def _use_once(invitation: Invitation) -> None:
    """Mark the link used; of two simultaneous uses only one gets past this."""
    claimed = db.session.execute(update(Invitation).where(
        Invitation.id == invitation.id, Invitation.used_at.is_(None)).values(used_at=utcnow()))
    if claimed.rowcount != 1:
        raise DomainError("link_not_valid", _("This link can no longer be used."), status=410)


def _new_password(password: str, confirm: str) -> None:
    check_password_strength(password)
    if password != confirm:
        raise DomainError("password_mismatch", _("The passwords do not match."), field="confirm")


def accept_new_account(token: str, password: str, confirm: str) -> User:
    """An invitation to an e-mail with no account yet: the account is made with the password chosen."""
    invitation = _usable(token)
    if invitation.purpose != "invite" or existing_account(invitation) is not None:
        raise DomainError("sign_in_first", _("Sign in to accept this invitation."), status=403)
    _new_password(password, confirm)
    _use_once(invitation)
    user = User(email=invitation.email.lower())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    _grant(invitation, user)
    return user


def accept_membership(token: str, user: User) -> User:
    """An invitation to an existing account, accepted by that person signed in as themselves. Only
    the role is added: the password, the e-mail and whether the account is active stay as they are."""
    invitation = _usable(token)
    if invitation.purpose != "invite" or existing_account(invitation) is None \
            or existing_account(invitation).id != user.id:
        raise DomainError("wrong_account", _("This invitation is for another account."), status=403)
    _use_once(invitation)
    _grant(invitation, user)
    return user


def _grant(invitation: Invitation, user: User) -> None:
    before = membership_list(user)
    if not any((m.role, m.organisation_id, m.area_id, m.side) ==
               (invitation.role, invitation.organisation_id, invitation.area_id, invitation.side)
               for m in user.memberships):
        user.memberships.append(Membership(role=invitation.role, organisation_id=invitation.organisation_id,
                                           area_id=invitation.area_id, side=invitation.side))
    db.session.flush()
    audit(Actor(user_id=user.id), "role_granted", "user", user.id, scope_area(invitation),
          role=invitation.role, organisation_id=invitation.organisation_id, area=invitation.area_id,
          side=invitation.side, invited_by=invitation.created_by_id,
          changes={"memberships": {"before": before, "after": membership_list(user)}})


def reset_password(token: str, password: str, confirm: str) -> User:
    invitation = _usable(token)
    user = db.session.get(User, invitation.user_id) if invitation.purpose == "reset" else None
    if user is None or not user.active:
        raise DomainError("link_not_valid", _("This link can no longer be used."), status=410)
    _new_password(password, confirm)
    _use_once(invitation)
    user.set_password(password)
    audit(Actor(user_id=user.id), "password_reset", "user", user.id, first_area(user))
    db.session.flush()
    return user


def reset_by_email(email: str) -> tuple[Invitation, str] | None:
    """"Forgot password": a link for the person themselves, sent only to the account's own address.
    None when there is no such active account; the caller answers alike either way."""
    user = db.session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()
    if user is None or not user.active:
        return None
    invitation, token = new_link(None, purpose="reset", email=user.email, user_id=user.id)
    audit(Actor(user_id=user.id), "password_reset_requested", "user", user.id, first_area(user))
    return invitation, token


def membership_list(user: User) -> list[str]:
    """Roles in words for the audit log, e.g. "venue: Teatteri" or "coordinator: Oulu (culture)"."""
    def describe(m: Membership) -> str:
        if m.organisation_id:
            return f"{m.role}: {db.session.get(Organisation, m.organisation_id).name}"
        if m.area_id:
            return f"{m.role}: {db.session.get(Area, m.area_id).name} ({m.side or 'both'})"
        return m.role
    return sorted(describe(m) for m in user.memberships)
