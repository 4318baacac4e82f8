from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash, generate_password_hash

from app.core import mail
from app.network import invitations, people
from app.auth import bp, failed_logins, sessions
from app.auth.forms import ForgotForm, LoginForm
from app.auth.principal import start_page_for
from app.extensions import limiter

DUMMY_HASH = generate_password_hash("not a password")


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host (browsers drop tabs and read backslashes as
    slashes, so any control character or backslash is refused)."""
    if not target or not target.startswith("/") or any(c <= " " or c == "\\" for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(start_page_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = people.user_by_email(form.email.data)
        account = failed_logins.Account(form.email.data)
        if account.locked():
            flash(_("Too many failed sign-ins for this account. Wait %(minutes)d minutes and try again, "
                    "or ask for a new password.", minutes=account.minutes_left()), "error")
            return render_template("auth/login.html", form=form), 429
        if user is None:
            check_password_hash(DUMMY_HASH, form.password.data)  # same work whether or not the email exists
        elif user.active and user.check_password(form.password.data):
            account.forget()
            sessions.start(user)
            return redirect(safe_next(request.args.get("next")) or start_page_for(user))
        account.failed()
        flash(_("Wrong email or password."), "error")
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sessions.end_current()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated and hasattr(current_user, "language"):
            current_user.language = lang
    return redirect(safe_next(request.form.get("next")) or "/")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def forgot_password():
    """A reset link e-mailed to the account's own address. The answer is the same whether or not the
    address has an account, so the page tells no one who is registered."""
    mail_configured = mail.configured()
    form = ForgotForm()
    if mail_configured and form.validate_on_submit():
        made = invitations.reset_by_email(form.email.data)
        if made is not None:
            invitation, token = made
            base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")
            mail.send_after_commit(invitation.email, base + url_for("auth.accept_invitation", token=token), "reset")
        flash(_("If %(email)s has an account, a link to set a new password is on its way. It works for 7 days.",
                email=form.email.data.strip()), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form, mail_configured=mail_configured), \
        400 if form.errors else 200
