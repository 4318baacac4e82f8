"""Areas and organisations: list, create, edit, approve or decline, deactivate and reactivate."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import DecisionForm, OrganisationForm, ReasonForm, area_form, organisation_form
from app.admin.lookups import found_or_404
from app.auth.scope import guard
from app.network.scope import is_national
from app.cards.validation import as_id
from app.core.errors import DomainError
from app.core.forms import submit
from app.core.labels import ORG_KIND as KIND, ORG_STATE as STATE
from app.models import Organisation
from app.network import areas, organisations as network_orgs  # `organisations` is this module's list view


def org_in_scope(org_id: int) -> Organisation:
    """An organisation the user may see; one outside the scope is not found."""
    return found_or_404(network_orgs.org_in_scope(current_user, org_id))


@bp.route("/admin/organisations")
@guard("coordinator", "national_admin")
def organisations():
    area_id = request.args.get("area", type=as_id)
    state = request.args.get("state") if request.args.get("state") in STATE else None
    orgs = network_orgs.listed_orgs(current_user, area_id=area_id, state=state)
    return render_template("admin/network/list.html", orgs=orgs, areas=areas.visible_areas(current_user),
                           area_id=area_id, state=state, states=STATE, kinds=KIND, national=is_national())


@bp.route("/admin/organisations/new", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def new_organisation():
    return save_or_show(organisation_form(current_user), None)


@bp.route("/admin/organisations/<int:org_id>", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def edit_organisation(org_id: int):
    org = org_in_scope(org_id)
    return save_or_show(organisation_form(current_user, org), org)


def save_or_show(form: OrganisationForm, org: Organisation | None):
    def save() -> Organisation:
        fields = network_orgs.OrgData.__dataclass_fields__
        data = network_orgs.OrgData(**{name: form[name].data or "" for name in fields})
        return network_orgs.save_organisation(current_user, org, data)

    saved, status = submit(form, save, fallback="name")
    if saved is not None:
        flash(_("Saved.") if org else _("The organisation was added and waits for approval."), "info")
        return redirect(url_for("admin.edit_organisation", org_id=saved.id))
    return render_template("admin/network/form.html", form=form, org=org, kinds=KIND, states=STATE,
                           can_decide=org is not None and network_orgs.can_decide(current_user, org),
                           national=is_national()), status


@bp.route("/admin/organisations/<int:org_id>/decision", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def decide_organisation(org_id: int):
    org = org_in_scope(org_id)
    if org.approval_state != "proposed":
        flash(_("This organisation is not waiting for a decision."), "info")
        return redirect(url_for("admin.edit_organisation", org_id=org.id))
    if not network_orgs.can_decide(current_user, org):
        abort(403)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            network_orgs.decide(current_user, org, approve=form.decision.data == "approve",
                                reason=form.reason.data or "", override=form.override.data and is_national())
        except DomainError as err:
            # Not `submit`: every refusal, even someone else deciding first, is shown by the reason with 400.
            form.reason.errors.append(err.message)
        else:
            flash(_("The decision was saved."), "info")
            return redirect(url_for("admin.edit_organisation", org_id=org.id))
    return render_template("admin/network/decision.html", form=form, org=org, kinds=KIND,
                           starts=network_orgs.next_new_year(network_orgs.today()), national=is_national()), \
        400 if form.errors else 200


@bp.route("/admin/organisations/<int:org_id>/deactivate", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def deactivate_organisation(org_id: int):
    org = org_in_scope(org_id)
    form = ReasonForm()
    if form.validate_on_submit():
        network_orgs.deactivate(current_user, org, form.reason.data)
        flash(_("The organisation was deactivated. Its people can no longer issue cards or record uses."), "info")
        return redirect(url_for("admin.edit_organisation", org_id=org.id))
    return render_template("admin/network/deactivate.html", form=form, org=org), 400 if form.errors else 200


@bp.route("/admin/organisations/<int:org_id>/reactivate", methods=["POST"])
@guard("national_admin")
def reactivate_organisation(org_id: int):
    org = org_in_scope(org_id)
    network_orgs.reactivate(current_user, org)
    flash(_("The organisation is active again."), "info")
    return redirect(url_for("admin.edit_organisation", org_id=org.id))


@bp.route("/admin/areas/new", methods=["GET", "POST"])
@guard("national_admin")
def new_area():
    form = area_form()
    created, status = submit(form, lambda: areas.create_area(
        current_user, name=form.name.data, county_code=form.county_code.data,
        municipality_codes=form.municipalities.data), fallback="name")
    if created is not None:
        flash(_("The area was created."), "info")
        return redirect(url_for("admin.start"))
    return render_template("admin/network/area.html", form=form), status
