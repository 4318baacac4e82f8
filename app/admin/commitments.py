"""The commitments to the national operating model: the partner commitment (publishing, and who has not yet
acknowledged it) and the areas' coordination commitment (publishing, each area's state, and a coordinator's
acknowledgement for their side)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.contact_forms import CoordinationAckForm, CoordinationPublishForm
from app.admin.forms import PublishForm
from app.auth.scope import guard
from app.core.labels import COORDINATION_SIDE
from app.network.scope import is_national
from app.core.forms import submit
from app.network import commitments, coordination


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


@bp.route("/admin/commitments/coordination")
@guard("coordinator", "national_admin")
def coordination_status():
    version = coordination.latest()
    text = commitments.text_in(version, str(get_locale())) if version else ""
    return render_template("admin/commitments/coordination.html", version=version, text=text,
                           states=coordination.states(current_user, version), sides=COORDINATION_SIDE,
                           versions=commitments.versions(coordination.KIND), national=is_national())


@bp.route("/admin/commitments/coordination/new", methods=["GET", "POST"])
@guard("national_admin")
def publish_coordination():
    form = CoordinationPublishForm()
    published, status = submit(form, lambda: commitments.publish(
        current_user, version=form.version.data, text_fi=form.text_fi.data, text_sv=form.text_sv.data,
        text_en=form.text_en.data, kind=coordination.KIND), fallback="version")
    if published is not None:
        flash(_("The new version was published. The areas' coordinators must now acknowledge it."), "info")
        return redirect(url_for("admin.coordination_status"))
    return render_template("admin/commitments/coordination_publish.html", form=form), status


@bp.route("/admin/commitments/coordination/<int:area_id>", methods=["GET", "POST"])
@guard("coordinator")
def acknowledge_coordination(area_id: int):
    """The coordinator reads the latest version and confirms the acknowledgement for one of their sides."""
    version = coordination.latest()
    state = next((s for s in coordination.states(current_user, version) if s.area.id == area_id), None)
    if state is None:
        abort(404)
    form = CoordinationAckForm()
    form.side.choices = [(side, COORDINATION_SIDE[side]) for side in state.to_acknowledge]
    if len(form.side.choices) == 1 and not form.side.data:
        form.side.data = form.side.choices[0][0]
    ack, status = submit(form, lambda: coordination.acknowledge(current_user, area_id, form.side.data),
                         fallback="side")
    if ack is not None:
        flash(_("Thank you. The acknowledgement was saved."), "info")
        return redirect(url_for("admin.coordination_status"))
    text = commitments.text_in(version, str(get_locale())) if version else ""
    return render_template("admin/commitments/coordination_ack.html", form=form, version=version, text=text,
                           state=state, sides=COORDINATION_SIDE), status
