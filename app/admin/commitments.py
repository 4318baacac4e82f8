"""The commitment to the national operating model: publishing, acknowledging, and who has not yet."""
from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import HiddenInput

from app.admin import bp
from app.network import commitments
from app.auth.scope import guard, is_national
from app.core.errors import DomainError


class PublishForm(FlaskForm):
    version = StringField(_l("Version label"), validators=[DataRequired(), Length(max=40)])
    text_fi = TextAreaField(_l("Text in Finnish"), validators=[DataRequired(), Length(max=20000)])
    text_sv = TextAreaField(_l("Text in Swedish"), validators=[DataRequired(), Length(max=20000)])
    text_en = TextAreaField(_l("Text in English"), validators=[DataRequired(), Length(max=20000)])
    previous_counts_until = DateField(
        _l("The previous version's acknowledgement still counts until"), validators=[DataRequired()],
        default=lambda: commitments.today() + timedelta(days=commitments.TRANSITION_DAYS))
    understood = BooleanField(_l("I understand that after that date an organisation that has not acknowledged "
                                 "this version cannot issue cards or record uses."), validators=[DataRequired()])


class AcknowledgeForm(FlaskForm):
    site = IntegerField(widget=HiddenInput(), validators=[DataRequired()])


@bp.route("/admin/commitments")
@guard("coordinator", "national_admin")
def commitment_status():
    version = commitments.current_version()
    missing = commitments.missing_by_area(current_user, version) if version else {}
    return render_template("admin/commitments/status.html", version=version, missing=missing,
                           versions=commitments.versions(), national=is_national())


@bp.route("/admin/commitments/new", methods=["GET", "POST"])
@guard("national_admin")
def publish_commitment():
    form = PublishForm()
    if form.validate_on_submit():
        try:
            commitments.publish(current_user, version=form.version.data, text_fi=form.text_fi.data,
                                text_sv=form.text_sv.data, text_en=form.text_en.data,
                                previous_counts_until=form.previous_counts_until.data)
        except DomainError as err:
            form[err.field or "version"].errors.append(err.message)
        else:
            flash(_("The new version was published. Organisations must now acknowledge it."), "info")
            return redirect(url_for("admin.commitment_status"))
    return render_template("admin/commitments/publish.html", form=form), 400 if form.errors else 200


@bp.route("/commitment", methods=["GET", "POST"])
@guard("distributor", "venue")
def acknowledge():
    form = AcknowledgeForm()
    if form.validate_on_submit():
        commitments.acknowledge(current_user, form.site.data)
        flash(_("Thank you. The acknowledgement was saved."), "info")
        return redirect(url_for("admin.acknowledge"))
    version = commitments.current_version()
    sites = commitments.staff_sites(current_user)
    done = commitments.acknowledged_ids(version, [s.id for s in sites]) if version else set()
    return render_template("admin/commitments/acknowledge.html", form=form, version=version, sites=sites,
                           done=done, text=commitments.text_in(version, str(get_locale())) if version else ""), \
        400 if form.errors else 200
