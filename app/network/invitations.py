"""One-time links: invitations to a role and password-reset links, made by someone within their scope
(or, for a reset, asked for by the person), and used once by the person they were made for."""
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from app.core.audit import Actor, actor_of, audit
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models import Area, Invitation, Membership, Organisation, User
from app.models.base import utcnow
from app.models.invitation import hash_token
from app.models.user import ROLES, SIDES
from app.network.memberships import check_whole_user, first_area, may_grant, may_manage, membership_list, scope_area
from app.network.people import check_password_strength, checked_email, user_by_email

LINK_DAYS = 7


def new_link(principal, **fields) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation(token_hash=hash_token(token), created_by_id=principal.id if principal else None,
                            expires_at=utcnow() + timedelta(days=LINK_DAYS), **fields)
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def invite(principal, *, email: str, role: str, org_id: int | None, area_id: int | None,
           side: str | None) -> tuple[Invitation, str]:
    email = checked_email(email)
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


def invitation_by_id(principal, invitation_id: int) -> Invitation | None:
    """The invitation if the principal may see it; else as good as missing."""
    invitation = db.session.get(Invitation, invitation_id)
    return invitation if invitation is not None and invitation_in_scope(principal, invitation) else None


def revoke_invitation(principal, invitation: Invitation) -> None:
    if not invitation_in_scope(principal, invitation):
        refuse()
    if invitation.used_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit(actor_of(principal), "invitation_revoked", "invitation", invitation.id, scope_area(invitation),
              email=invitation.email)
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
    return user_by_email(invitation.email)


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
    user = user_by_email(email)
    if user is None or not user.active:
        return None
    invitation, token = new_link(None, purpose="reset", email=user.email, user_id=user.id)
    audit(Actor(user_id=user.id), "password_reset_requested", "user", user.id, first_area(user))
    return invitation, token
