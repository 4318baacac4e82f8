"""Areas and organisations: list, create, edit, approve or decline, deactivate and reactivate."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.admin import bp
from app.core.forms import EMAIL
from app.network import coordination
from app.auth.scope import can_manage_org, guard, is_national
from app.core.errors import DomainError
from app.cards.validation import as_id
from app.extensions import db
from app.core.labels import CATEGORY, ORG_KIND as KIND, ORG_STATE as STATE
from app.models import Organisation


class OrganisationForm(FlaskForm):
    kind = RadioField(_l("Kind"), choices=list(KIND.items()), validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    # Not checked against the choices: the service refuses a municipality outside the scope with 403.
    municipality_code = SelectField(_l("Municipality"), choices=[], validators=[DataRequired()],
                                    validate_choice=False)
    default_category = SelectField(_l("Default category of uses (venues)"), choices=list(CATEGORY.items()))
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=200)])
    contact_email = EmailField(_l("Contact person's work email"), validators=[
        DataRequired(), Regexp(EMAIL, message=_l("Give a valid email address.")), Length(max=200)])
    contact_phone = StringField(_l("Contact person's phone"), validators=[DataRequired(), Length(max=40)])


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[("approve", _l("Approve")), ("decline", _l("Decline"))],
                          validators=[DataRequired()])
    override = BooleanField(_l("Start at once instead of on 1 January"))
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class AreaForm(FlaskForm):
    name = StringField(_l("Name of the area"), validators=[DataRequired(), Length(max=120)])
    county_code = SelectField(_l("Wellbeing services county"), choices=[], validators=[Optional()])
    municipalities = SelectMultipleField(_l("Municipalities"), choices=[], validators=[DataRequired()])


def org_in_scope(org_id: int) -> Organisation:
    """An organisation the user may see; one outside the scope is not found."""
    org = db.session.get(Organisation, org_id)
    if org is None or not can_manage_org(org):
        abort(404)
    return org


def organisation_form(org: Organisation | None = None) -> OrganisationForm:
    form = OrganisationForm(obj=org)
    lang = str(get_locale())
    form.municipality_code.choices = [(m.code, m.name(lang)) for m in coordination.municipalities_for(current_user)]
    if org is not None:
        form.kind.data = org.kind
    return form


@bp.route("/admin/organisations")
@guard("coordinator", "national_admin")
def organisations():
    area_id = request.args.get("area", type=as_id)
    state = request.args.get("state") if request.args.get("state") in STATE else None
    orgs = db.session.scalars(coordination.visible_orgs(current_user, area_id=area_id, state=state)).all()
    return render_template("admin/network/list.html", orgs=orgs, areas=coordination.visible_areas(current_user),
                           area_id=area_id, state=state, states=STATE, kinds=KIND, national=is_national())


@bp.route("/admin/organisations/new", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def new_organisation():
    return save_or_show(organisation_form(), None)


@bp.route("/admin/organisations/<int:org_id>", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def edit_organisation(org_id: int):
    org = org_in_scope(org_id)
    return save_or_show(organisation_form(org), org)


def save_or_show(form: OrganisationForm, org: Organisation | None):
    if form.validate_on_submit():
        data = coordination.OrgData(**{name: form[name].data or "" for name in coordination.OrgData.__dataclass_fields__})
        try:
            saved = coordination.save_organisation(current_user, org, data)
        except DomainError as err:
            form[err.field or "name"].errors.append(err.message)
            return show_form(form, org, err.status)
        flash(_("Saved.") if org else _("The organisation was added and waits for approval."), "info")
        return redirect(url_for("admin.edit_organisation", org_id=saved.id))
    return show_form(form, org, 400 if form.errors else 200)


def show_form(form: OrganisationForm, org: Organisation | None, status: int):
    return render_template("admin/network/form.html", form=form, org=org, kinds=KIND, states=STATE,
                           can_decide=org is not None and coordination.can_decide(current_user, org),
                           national=is_national()), status


@bp.route("/admin/organisations/<int:org_id>/decision", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def decide_organisation(org_id: int):
    org = org_in_scope(org_id)
    if org.approval_state != "proposed":
        flash(_("This organisation is not waiting for a decision."), "info")
        return redirect(url_for("admin.edit_organisation", org_id=org.id))
    if not coordination.can_decide(current_user, org):
        abort(403)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            coordination.decide(current_user, org, approve=form.decision.data == "approve", reason=form.reason.data or "",
                           override=form.override.data and is_national())
        except DomainError as err:
            form.reason.errors.append(err.message)
        else:
            flash(_("The decision was saved."), "info")
            return redirect(url_for("admin.edit_organisation", org_id=org.id))
    return render_template("admin/network/decision.html", form=form, org=org, kinds=KIND,
                           starts=coordination.next_new_year(coordination.today()), national=is_national()), \
        400 if form.errors else 200


@bp.route("/admin/organisations/<int:org_id>/deactivate", methods=["GET", "POST"])
@guard("coordinator", "national_admin")
def deactivate_organisation(org_id: int):
    org = org_in_scope(org_id)
    form = ReasonForm()
    if form.validate_on_submit():
        coordination.deactivate(current_user, org, form.reason.data)
        flash(_("The organisation was deactivated. Its people can no longer issue cards or record uses."), "info")
        return redirect(url_for("admin.edit_organisation", org_id=org.id))
    return render_template("admin/network/deactivate.html", form=form, org=org), 400 if form.errors else 200


@bp.route("/admin/organisations/<int:org_id>/reactivate", methods=["POST"])
@guard("national_admin")
def reactivate_organisation(org_id: int):
    org = org_in_scope(org_id)
    coordination.reactivate(current_user, org)
    flash(_("The organisation is active again."), "info")
    return redirect(url_for("admin.edit_organisation", org_id=org.id))


@bp.route("/admin/areas/new", methods=["GET", "POST"])
@guard("national_admin")
def new_area():
    form = AreaForm()
    lang = str(get_locale())
    form.county_code.choices = [("", _("Not set"))] + [(c.code, c.name_sv if lang == "sv" else c.name_fi)
                                                       for c in coordination.counties()]
    form.municipalities.choices = [(m.code, m.name(lang)) for m in coordination.free_municipalities()]
    if form.validate_on_submit():
        try:
            coordination.create_area(current_user, name=form.name.data, county_code=form.county_code.data,
                                municipality_codes=form.municipalities.data)
        except DomainError as err:
            form[err.field or "name"].errors.append(err.message)
        else:
            flash(_("The area was created."), "info")
            return redirect(url_for("admin.start"))
    return render_template("admin/network/area.html", form=form), 400 if form.errors else 200
