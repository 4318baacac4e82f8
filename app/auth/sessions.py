"""Sessions kept on the server. The cookie holds a random token; the database holds its hash.

Signing out deletes the row, so a cookie copied before then no longer signs anyone in. Revoking a
person, changing their password or their roles deletes all their rows (every device signs out)."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from app.extensions import db
from app.models import LoginSession, User
from app.models.base import utcnow
from app.network.people import end_sessions

TOKEN = "login_token"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime() -> timedelta:
    return timedelta(seconds=int(current_app.permanent_session_lifetime.total_seconds()))


def start(user: User) -> None:
    """Sign in on this browser: a fresh session (nothing carried over from before) with its own row."""
    lang = session.get("lang")
    _new_session_id()
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.created_at < utcnow() - _lifetime()))
    db.session.add(LoginSession(token_hash=_hash(token), user_id=user.id,
                                user_agent=(request.user_agent.string or "")[:200] or None))
    db.session.flush()
    session.permanent = True
    session[TOKEN] = token
    login_user(user)
    if user.language or lang:
        session["lang"] = user.language or lang


def live_user(user_id: int) -> User | None:
    """The active person this browser's session belongs to, if the session has not been ended."""
    token = session.get(TOKEN)
    if not isinstance(token, str):
        return None
    return db.session.scalars(
        select(User).join(LoginSession, LoginSession.user_id == User.id).where(
            User.id == user_id, User.active.is_(True), LoginSession.token_hash == _hash(token),
            LoginSession.created_at >= utcnow() - _lifetime())
    ).first()


def end_current() -> None:
    """Sign out on this browser; the row goes, so the cookie is worthless from now on."""
    token = session.get(TOKEN)
    if isinstance(token, str):
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
    logout_user()
    _new_session_id()
    session.clear()


def _new_session_id() -> None:
    """With server-side session data (Redis), drop the stored data and give the browser a new id."""
    regenerate = getattr(current_app.session_interface, "regenerate", None)
    if regenerate is not None and session:
        regenerate(session)


def end_all(user_id: int, *, keep_this_browser: bool = False) -> None:
    """End every session of a person, or every other one when they act on this browser themselves."""
    token = session.get(TOKEN) if keep_this_browser else None
    end_sessions(user_id, keep_token_hash=_hash(token) if isinstance(token, str) else None)
