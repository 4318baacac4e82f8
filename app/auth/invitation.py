"""Accepting a one-time link: a new account, a new role for an existing account, or a new password."""
from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from app.auth import bp, sessions
from app.auth.forms import AcceptForm, PasswordForm
from app.auth.principal import start_page_for
from app.core.errors import DomainError
from app.core.labels import ROLE, SIDE
from app.models import Invitation
from app.network import invitations

LINK_STATE = {"unknown": _l("This link is not valid. Check that you copied all of it."),
              "expired": _l("This link has expired. Ask your coordinator for a new one."),
              "used": _l("This link has already been used. Sign in, or ask your coordinator for a new link."),
              "revoked": _l("This link has been cancelled. Ask your coordinator for a new one.")}


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """A one-time link. A new password is chosen only for a new account or through a reset link; an
    invitation to an existing account is accepted by that person, signed in as themselves."""
    invitation = invitations.find_invitation(token)
    state = invitations.link_state(invitation)
    if state != "valid":
        return render_template("auth/accept_invitation.html", problem=LINK_STATE[state], state=state), \
            404 if state == "unknown" else 410
    existing = invitations.existing_account(invitation) if invitation.purpose == "invite" else None
    if existing is not None:
        return accept_as_existing_account(token, invitation, existing)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            if invitation.purpose == "reset":
                user = invitations.reset_password(token, form.password.data, form.confirm.data)
            else:
                user = invitations.accept_new_account(token, form.password.data, form.confirm.data)
        except DomainError as err:
            if err.code == "link_not_valid":
                return render_template("auth/accept_invitation.html", problem=err.message, state="invalid"), 410
            form[err.field or "password"].errors.append(err.message)
        else:
            signed_in_anew(user)
            flash(_("Welcome! Your password is set."), "info")
            return redirect(start_page_for(user))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation, problem=None,
                           roles=ROLE), 400 if form.errors else 200


def accept_as_existing_account(token: str, invitation: Invitation, existing):
    signed_in_as_invited = current_user.is_authenticated and getattr(current_user, "id", None) == existing.id
    if request.method == "POST" and signed_in_as_invited:
        AcceptForm().validate_on_submit() or abort(400)
        try:
            invitations.accept_membership(token, current_user)
        except DomainError as err:
            return render_template("auth/accept_invitation.html", problem=err.message, state="invalid"), err.status
        signed_in_anew(existing)
        flash(_("The new role was added to your account."), "info")
        return redirect(start_page_for(existing))
    return render_template("auth/accept_role.html", invitation=invitation, roles=ROLE, sides=SIDE,
                           form=AcceptForm(), signed_in_as_invited=signed_in_as_invited,
                           place=invitation.organisation.name if invitation.organisation_id else
                           (invitation.area.name if invitation.area_id else None)), \
        200 if request.method == "GET" or signed_in_as_invited else 403


def signed_in_anew(user) -> None:
    """Using a link ends every other session of the account; this browser gets a fresh one."""
    sessions.end_all(user.id)
    sessions.start(user)
