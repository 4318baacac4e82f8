"""National settings, for the national admin only."""
import re

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, StopValidation

from app.admin import bp
from app.network import settings as service
from app.auth.scope import guard
from app.core.errors import DomainError
from app.models import NationalSettings


def ascii_digits(form, field) -> None:
    """IntegerField reads "١٢" as 12 (int() takes any script's digits); here only 0-9 make a number."""
    if field.raw_data and not re.fullmatch(r"\s*-?[0-9]+\s*", field.raw_data[0]):
        raise StopValidation(_("Use the digits 0 to 9."))


def number(label, name: str) -> IntegerField:
    low, high = service.LIMITS[name]
    return IntegerField(label, validators=[InputRequired(), ascii_digits, NumberRange(min=low, max=high)])


class SettingsForm(FlaskForm):
    validity_months = number(_l("Card validity in months"), "validity_months")
    child_age_limit = number(_l("Children's free tickets: under this age"), "child_age_limit")
    quota_percent = number(_l("Default Kaikukortti quota, percent of an event's capacity"), "quota_percent")
    group_limit = number(_l("Largest group on a community card"), "group_limit")
    undo_hours = number(_l("A use can be undone within this many hours"), "undo_hours")
    note = TextAreaField(_l("Note on the change"), validators=[DataRequired(), Length(max=2000)])


@bp.route("/admin/settings", methods=["GET", "POST"])
@guard("national_admin")
def national_settings():
    current = NationalSettings.current()
    form = SettingsForm(obj=current)
    if not form.is_submitted():
        form.note.data = ""
    if form.validate_on_submit():
        values = {name: form[name].data for name in service.LIMITS}
        try:
            service.change(current_user, values, form.note.data)
        except DomainError as err:
            form[err.field or "note"].errors.append(err.message)
        else:
            flash(_("The settings were saved."), "info")
            return redirect(url_for("admin.national_settings"))
    return render_template("admin/settings/form.html", form=form, current=current,
                           ranges=service.LIMITS), 400 if form.errors else 200
