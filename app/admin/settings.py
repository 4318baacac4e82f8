"""National settings, for the national admin only."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import SettingsForm
from app.auth.scope import guard
from app.core.forms import submit
from app.models import NationalSettings
from app.network import settings as service


@bp.route("/admin/settings", methods=["GET", "POST"])
@guard("national_admin")
def national_settings():
    current = NationalSettings.current()
    form = SettingsForm(obj=current)
    if not form.is_submitted():
        form.note.data = ""
    saved, status = submit(form, lambda: service.change(
        current_user, {name: form[name].data for name in service.LIMITS}, form.note.data), fallback="note")
    if saved is not None:
        flash(_("The settings were saved."), "info")
        return redirect(url_for("admin.national_settings"))
    return render_template("admin/settings/form.html", form=form, current=current, ranges=service.LIMITS), status
