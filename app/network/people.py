"""People and their role memberships."""
import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core.errors import DomainError
from app.extensions import db
from app.models import Area, Membership, Organisation, User

MIN_PASSWORD = 10


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError("weak_password", _("The password must be at least %(n)d characters.", n=MIN_PASSWORD))


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


def create_user(*, email: str, password: str | None, role: str, org_id: int | None = None,
                area_id: int | None = None, side: str = "both") -> User:
    email = email.strip().lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise DomainError("invalid_email", _("Give a valid email address."))
    user = db.session.scalars(select(User).where(func.lower(User.email) == email)).first()
    if user is None:
        user = User(email=email)
        db.session.add(user)
    elif password is not None:
        from app.auth.sessions import end_all  # app.auth's views import this module

        end_all(user.id)  # an operator setting a new password signs the person out everywhere
    if password is not None:
        check_password_strength(password)
        user.set_password(password)
    user.memberships.append(membership(role, org_id=org_id, area_id=area_id, side=side))
    db.session.flush()
    return user
