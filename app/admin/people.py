"""People: invite by a one-time link, list, revoke access, reset a password."""
from collections.abc import Callable

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import invite_form
from app.admin.lookups import found_or_404
from app.core import mail
from app.core.forms import submit
from app.network import invitations, memberships
from app.auth.scope import guard
from app.core.labels import ROLE, SIDE
from app.models import Invitation


def show_link_once(invitation: Invitation, token: str) -> None:
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")
    link = base + url_for("auth.accept_invitation", token=token)
    mailed = mail.send_after_commit(invitation.email, link, invitation.purpose, on_failure=link_not_mailed)
    session["one_time_link"] = {"link": link, "email": invitation.email, "mailed": mailed}


def link_not_mailed() -> None:
    """The mail server refused the link after the commit: the page shows it to copy, without saying it was sent."""
    session["one_time_link"] = {**session["one_time_link"], "mailed": False}


@bp.route("/admin/people")
@guard("coordinator", "national_admin")
def people_list():
    return render_template("admin/people/list.html", people=memberships.people_in_scope(current_user),
                           invitations=invitations.open_invitations(current_user), roles=ROLE, sides=SIDE,
                           may_manage=lambda m: memberships.may_manage(current_user, m))


@bp.route("/admin/people/invite", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def invite():
    form, org_groups = invite_form(current_user)
    made, status = submit(form, lambda: invitations.invite(
        current_user, email=form.email.data, role=form.role.data, org_id=form.organisation_id.data,
        area_id=form.area_id.data, side=form.side.data), fallback="role")
    if made is not None:
        invitation, token = made
        show_link_once(invitation, token)
        return redirect(url_for("admin.one_time_link"))
    return render_template("admin/people/invite.html", form=form, org_groups=org_groups), status


@bp.route("/admin/people/link")
@guard("coordinator", "national_admin")
def one_time_link():
    shown = session.pop("one_time_link", None)
    if shown is None:
        return redirect(url_for("admin.people_list"))
    return render_template("admin/people/link.html", **shown)


def user_or_404(user_id: int):
    return found_or_404(memberships.user_in_scope(current_user, user_id))


@bp.route("/admin/people/<int:user_id>/deactivate", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def deactivate_user(user_id: int):
    user = user_or_404(user_id)
    memberships.check_whole_user(current_user, user)
    return confirmed(lambda: memberships.deactivate_user(current_user, user),
                     _("%(email)s can no longer sign in.", email=user.email), "admin/people/deactivate.html", user=user)


@bp.route("/admin/people/memberships/<int:membership_id>/remove", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def remove_membership(membership_id: int):
    membership = found_or_404(memberships.membership_in_scope(current_user, membership_id))
    memberships.check_removable(current_user, membership)
    return confirmed(lambda: memberships.remove_membership(current_user, membership), _("The role was removed."),
                     "admin/people/remove.html", membership=membership, roles=ROLE, sides=SIDE)


def confirmed(change: Callable[[], None], done: str, page: str, **context):
    """A page asks to confirm; posting it makes the change and goes back to the list of people."""
    if request.method == "POST":
        change()
        flash(done, "info")
        return redirect(url_for("admin.people_list"))
    return render_template(page, **context)


@bp.route("/admin/people/<int:user_id>/reset", methods=["POST"])
@guard("coordinator", "national_admin")
def reset_password(user_id: int):
    invitation, token = invitations.reset_link(current_user, user_or_404(user_id))
    show_link_once(invitation, token)
    return redirect(url_for("admin.one_time_link"))


@bp.route("/admin/invitations/<int:invitation_id>/revoke", methods=["POST"])
@guard("coordinator", "national_admin")
def revoke_invitation(invitation_id: int):
    invitations.revoke_invitation(current_user, found_or_404(invitations.invitation_by_id(current_user, invitation_id)))
    flash(_("The link was cancelled."), "info")
    return redirect(url_for("admin.people_list"))
