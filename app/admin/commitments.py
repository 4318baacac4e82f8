"""The commitment to the national operating model: publishing, and who has not yet acknowledged it."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import PublishForm
from app.auth.scope import guard
from app.network.scope import is_national
from app.core.forms import submit
from app.network import commitments


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
    published, status = submit(form, lambda: commitments.publish(
        current_user, version=form.version.data, text_fi=form.text_fi.data, text_sv=form.text_sv.data,
        text_en=form.text_en.data, previous_counts_until=form.previous_counts_until.data), fallback="version")
    if published is not None:
        flash(_("The new version was published. Organisations must now acknowledge it."), "info")
        return redirect(url_for("admin.commitment_status"))
    return render_template("admin/commitments/publish.html", form=form), status
