"""Card series for printing: the national admin generates them; coordinators see their area's."""
import io

from flask import Response, abort, jsonify, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ActionForm, series_form
from app.auth.scope import guard
from app.network.scope import coordinator_areas, is_national
from app.cards import series as card_series, validation
from app.cards.series import MAX_SERIES, generate_series, write_printer_csv
from app.core.audit import current_actor
from app.core.errors import DomainError
from app.core.labels import CARD_KIND
from app.core.forms import submit
from app.models import CardSeries
from app.network import areas
from app.printing import jobs

STATUS = {"none": _l("Not made"), "pending": _l("Waiting to start"), "rendering": _l("Being made"),
          "ready": _l("Ready"), "failed": _l("Failed")}


def series_or_404(series_id: int) -> CardSeries:
    """A series the user may see: the national admin all, a coordinator its areas' series."""
    series = card_series.find_series(series_id)
    if series is None or not (is_national() or series.area_id in coordinator_areas()):
        abort(404)
    return series


def status_of(series: CardSeries) -> dict:
    body = {"status": series.print_status, "label": str(STATUS[series.print_status]),
            "progress": series.print_progress}
    if series.print_status == "ready":
        body["download"] = url_for("admin.series_pdf", series_id=series.id)
    if series.print_status == "failed":
        body["error"] = series.print_error
    return body


@bp.route("/admin/series")
@guard("coordinator", "national_admin")
def series_list():
    listed = card_series.listed_series(areas.area_ids(current_user))
    return render_template("admin/series/list.html", series=listed, areas=areas.area_names(),
                           kinds=CARD_KIND, statuses=STATUS, national=is_national())


def chosen_area_id(value: str | None) -> int | None:
    """One of the areas offered, or none (national stock)."""
    if not value:
        return None
    area_id = validation.as_id(value)
    if area_id not in {area.id for area in areas.visible_areas(current_user)}:
        raise DomainError("invalid_area", _("Choose an area from the list."), field="area")
    return area_id


@bp.route("/admin/series/new", methods=["GET", "POST"])
@guard("national_admin")
def series_new():
    form = series_form(current_user)

    def generate():
        count = validation.as_int(form.count.data, "count", _("Number of cards: a whole number from 1 to %(max)d.",
                                                               max=MAX_SERIES))
        series = generate_series(count, kind=form.kind.data, area_id=chosen_area_id(form.area.data),
                                 actor=current_actor())
        jobs.request_render(series, str(get_locale()))
        return series

    series, status = submit(form, generate)
    if series is not None:
        return redirect(url_for("admin.series_detail", series_id=series.id))
    return render_template("admin/series/new.html", form=form, max_count=MAX_SERIES), status


@bp.route("/admin/series/<int:series_id>")
@guard("coordinator", "national_admin")
def series_detail(series_id):
    series = series_or_404(series_id)
    return render_template("admin/series/detail.html", series=series, area=areas.find_area(series.area_id),
                           state=status_of(series), kinds=CARD_KIND, form=ActionForm(), national=is_national(),
                           busy=jobs.is_busy(series), stalled=jobs.is_stalled(series))


@bp.route("/admin/series/<int:series_id>/status")
@guard("coordinator", "national_admin")
def series_status(series_id):
    return jsonify(status_of(series_or_404(series_id)))


@bp.route("/admin/series/<int:series_id>/render", methods=["POST"])
@guard("national_admin")
def series_render(series_id):
    series = series_or_404(series_id)
    if ActionForm().validate_on_submit():
        jobs.request_render(series, str(get_locale()))
    return redirect(url_for("admin.series_detail", series_id=series.id))


@bp.route("/admin/series/<int:series_id>/cards.csv")
@guard("coordinator", "national_admin")
def series_csv(series_id):
    series = series_or_404(series_id)
    out = io.StringIO()
    write_printer_csv(series, out)
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=kaikukortti-series-{series.id}.csv"})


@bp.route("/admin/series/<int:series_id>/cards.pdf")
@guard("coordinator", "national_admin")
def series_pdf(series_id):
    series = series_or_404(series_id)
    if series.print_status != "ready":
        abort(404)
    return Response(series.print_pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=kaikukortti-series-{series.id}.pdf"})
