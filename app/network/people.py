"""People: accounts by e-mail, password strength, signing a person out everywhere, and the role
memberships an operator gives."""
import re

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.core.errors import DomainError
from app.core.forms import EMAIL
from app.extensions import db
from app.models import Area, LoginSession, Membership, Organisation, User

MIN_PASSWORD = 10


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError("weak_password", _("The password must be at least %(n)d characters.", n=MIN_PASSWORD))


def checked_email(email: str) -> str:
    """The address as accounts and invitations keep it: trimmed and in lower case."""
    email = email.strip().lower()
    if not re.match(EMAIL, email):
        raise DomainError("invalid_email", _("Give a valid email address."), field="email")
    return email


def membership(role: str, *, org_id: int | None = None, area_id: int | None = None,
               side: str = "both") -> Membership:
    if role in ("distributor", "venue"):
        org = db.session.get(Organisation, org_id) if org_id else None
        if org is None or org.kind != role:
            raise DomainError("invalid_org", _("A %(role)s needs --org with a %(role)s site.", role=role))
        return Membership(role=role, organisation_id=org.id)
    if role == "coordinator":
        if not area_id or db.session.get(Area, area_id) is None:
            raise DomainError("invalid_area", _("A coordinator needs --area with an existing area."))
        return Membership(role=role, area_id=area_id, side=side)
    if role == "national_admin":
        return Membership(role=role)
    raise DomainError("invalid_role", _("Unknown role."))


def end_sessions(user_id: int, *, keep_token_hash: str | None = None) -> None:
    """Every session of the person ends (their rows go), but the one with `keep_token_hash` if given."""
    query = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep_token_hash is not None:
        query = query.where(LoginSession.token_hash != keep_token_hash)
    db.session.execute(query)


def user_by_email(email: str) -> User | None:
    """The account with this address, whatever its letter case and surrounding spaces."""
    return db.session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def create_user(*, email: str, password: str | None, role: str, org_id: int | None = None,
                area_id: int | None = None, side: str = "both") -> User:
    email = checked_email(email)
    user = user_by_email(email)
    if user is None:
        user = User(email=email)
        db.session.add(user)
    elif password is not None:
        end_sessions(user.id)  # an operator setting a new password signs the person out everywhere
    if password is not None:
        check_password_strength(password)
        user.set_password(password)
    user.memberships.append(membership(role, org_id=org_id, area_id=area_id, side=side))
    db.session.flush()
    return user
