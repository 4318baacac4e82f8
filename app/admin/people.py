"""People: invite by a one-time link, list, revoke access, reset a password; accepting a link (public)."""
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.admin import bp
from app.core.forms import EMAIL
from app.network import memberships
from app.core.mail import send_link
from app.auth import sessions
from app.auth.scope import guard
from app.auth.views import start_page_for
from app.core.errors import DomainError
from app.extensions import db
from app.core.labels import ROLE, SIDE
from app.models import Invitation, Membership

ORG_GROUP = {"distributor": _l("Distributor sites"), "venue": _l("Venues")}
LINK_STATE = {"unknown": _l("This link is not valid. Check that you copied all of it."),
              "expired": _l("This link has expired. Ask your coordinator for a new one."),
              "used": _l("This link has already been used. Sign in, or ask your coordinator for a new link."),
              "revoked": _l("This link has been cancelled. Ask your coordinator for a new one.")}


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[
        DataRequired(), Regexp(EMAIL, message=_l("Give a valid email address.")), Length(max=200)])
    # The choices show what the user may grant; the service decides (403) whatever is posted.
    role = SelectField(_l("Role"), validators=[DataRequired()], validate_choice=False)
    organisation_id = SelectField(_l("Organisation (distributor and venue staff)"), coerce=int,
                                  validators=[Optional()], validate_choice=False)
    area_id = SelectField(_l("Area (coordinators)"), coerce=int, validators=[Optional()], validate_choice=False)
    side = SelectField(_l("Side (coordinators)"), choices=list(SIDE.items()), validators=[Optional()],
                       validate_choice=False)


class AcceptForm(FlaskForm):
    pass


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("The same password again"), validators=[DataRequired(), Length(max=200)],
                            render_kw={"autocomplete": "new-password"})


def invite_form() -> tuple[InviteForm, list[tuple[str, str, list]]]:
    """The form with only what the user may grant, and the organisations grouped by the role they fit."""
    form = InviteForm()
    offer = memberships.grantable(current_user)
    form.role.choices = [(role, ROLE[role]) for role in offer.roles]
    form.organisation_id.choices = [(0, "–")] + [(o.id, o.name) for orgs in offer.orgs.values() for o in orgs]
    form.area_id.choices = [(0, "–")] + [(a.id, a.name) for a in offer.areas]
    form.side.choices = [(side, SIDE[side]) for side in offer.sides]
    org_groups = [(role, ORG_GROUP[role], orgs) for role, orgs in offer.orgs.items() if role in offer.roles]
    return form, org_groups


def show_link_once(invitation: Invitation, token: str) -> None:
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")
    link = base + url_for("admin.accept_invitation", token=token)
    mailed = send_link(invitation.email, link, invitation.purpose)
    session["one_time_link"] = {"link": link, "email": invitation.email, "mailed": mailed}


@bp.route("/admin/people")
@guard("coordinator", "national_admin")
def people_list():
    return render_template("admin/people/list.html", people=memberships.people_in_scope(current_user),
                           invitations=memberships.open_invitations(current_user), roles=ROLE, sides=SIDE,
                           may_manage=lambda m: memberships.may_manage(current_user, m))


@bp.route("/admin/people/invite", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def invite():
    form, org_groups = invite_form()
    if form.validate_on_submit():
        try:
            invitation, token = memberships.invite(current_user, email=form.email.data, role=form.role.data,
                                              org_id=form.organisation_id.data, area_id=form.area_id.data,
                                              side=form.side.data)
        except DomainError as err:
            form[err.field or "role"].errors.append(err.message)
            return render_template("admin/people/invite.html", form=form, org_groups=org_groups), err.status
        show_link_once(invitation, token)
        return redirect(url_for("admin.one_time_link"))
    return render_template("admin/people/invite.html", form=form, org_groups=org_groups), \
        400 if form.errors else 200


@bp.route("/admin/people/link")
@guard("coordinator", "national_admin")
def one_time_link():
    shown = session.pop("one_time_link", None)
    if shown is None:
        return redirect(url_for("admin.people_list"))
    return render_template("admin/people/link.html", **shown)


def user_or_404(user_id: int):
    user = memberships.user_in_scope(current_user, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/admin/people/<int:user_id>/deactivate", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def deactivate_user(user_id: int):
    user = user_or_404(user_id)
    memberships.check_whole_user(current_user, user)
    if request.method == "POST":
        memberships.deactivate_user(current_user, user)
        flash(_("%(email)s can no longer sign in.", email=user.email), "info")
        return redirect(url_for("admin.people_list"))
    return render_template("admin/people/deactivate.html", user=user)


@bp.route("/admin/people/memberships/<int:membership_id>/remove", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def remove_membership(membership_id: int):
    membership = db.session.get(Membership, membership_id)
    if membership is None or not memberships.may_see(current_user, membership):
        abort(404)
    memberships.check_removable(current_user, membership)
    if request.method == "POST":
        memberships.remove_membership(current_user, membership)
        flash(_("The role was removed."), "info")
        return redirect(url_for("admin.people_list"))
    return render_template("admin/people/remove.html", membership=membership, roles=ROLE, sides=SIDE)


@bp.route("/admin/people/<int:user_id>/reset", methods=["POST"])
@guard("coordinator", "national_admin")
def reset_password(user_id: int):
    invitation, token = memberships.reset_link(current_user, user_or_404(user_id))
    show_link_once(invitation, token)
    return redirect(url_for("admin.one_time_link"))


@bp.route("/admin/invitations/<int:invitation_id>/revoke", methods=["POST"])
@guard("coordinator", "national_admin")
def revoke_invitation(invitation_id: int):
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not memberships.invitation_in_scope(current_user, invitation):
        abort(404)
    memberships.revoke_invitation(current_user, invitation)
    flash(_("The link was cancelled."), "info")
    return redirect(url_for("admin.people_list"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """A one-time link. A new password is chosen only for a new account or through a reset link; an
    invitation to an existing account is accepted by that person, signed in as themselves."""
    invitation = memberships.find_invitation(token)
    state = memberships.link_state(invitation)
    if state != "valid":
        return render_template("auth/accept_invitation.html", problem=LINK_STATE[state], state=state), \
            404 if state == "unknown" else 410
    existing = memberships.existing_account(invitation) if invitation.purpose == "invite" else None
    if existing is not None:
        return accept_as_existing_account(token, invitation, existing)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            if invitation.purpose == "reset":
                user = memberships.reset_password(token, form.password.data, form.confirm.data)
            else:
                user = memberships.accept_new_account(token, form.password.data, form.confirm.data)
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
            memberships.accept_membership(token, current_user)
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
