"""Card series for printing: the national admin generates them; coordinators see their area's."""
import io

from flask import Response, abort, jsonify, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired

from app.admin import bp
from app.admin.card_scope import actor, submit, visible_areas
from app.auth.scope import coordinator_areas, guard, is_national
from app.cards import validation
from app.printing import jobs
from app.core.errors import DomainError
from app.cards.series import MAX_SERIES, generate_series, write_printer_csv
from app.extensions import db
from app.models import Area, CardSeries

STATUS = {"none": _l("Not made"), "pending": _l("Waiting to start"), "rendering": _l("Being made"),
          "ready": _l("Ready"), "failed": _l("Failed")}


class SeriesForm(FlaskForm):
    count = StringField(_l("Number of cards"), validators=[DataRequired(message=_l("Give the number of cards."))],
                        render_kw={"inputmode": "numeric", "autocomplete": "off"})
    kind = RadioField(_l("Kind"), choices=list(jobs.KIND.items()), default="client",
                      validators=[DataRequired()])
    area = SelectField(_l("Area"), validate_choice=False)


class RenderForm(FlaskForm):
    pass


def series_or_404(series_id: int) -> CardSeries:
    """A series the user may see: the national admin all, a coordinator its areas' series."""
    series = db.session.get(CardSeries, series_id)
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
    query = select(CardSeries).order_by(CardSeries.id.desc())
    if not is_national():
        query = query.where(CardSeries.area_id.in_(coordinator_areas().keys()))
    areas = {a.id: a.name for a in db.session.scalars(select(Area))}
    return render_template("admin/series/list.html", series=db.session.scalars(query).all(), areas=areas,
                           kinds=jobs.KIND, statuses=STATUS, national=is_national())


def chosen_area_id(value: str | None) -> int | None:
    """One of the areas offered, or none (national stock)."""
    if not value:
        return None
    area_id = validation.as_id(value)
    if area_id not in {area.id for area in visible_areas()}:
        raise DomainError("invalid_area", _("Choose an area from the list."), field="area")
    return area_id


@bp.route("/admin/series/new", methods=["GET", "POST"])
@guard("national_admin")
def series_new():
    form = SeriesForm()
    form.area.choices = [("", _("No area (national stock)"))] + [(str(a.id), a.name) for a in visible_areas()]

    def generate():
        count = validation.as_int(form.count.data, "count", _("Number of cards: a whole number from 1 to %(max)d.",
                                                               max=MAX_SERIES))
        series = generate_series(count, kind=form.kind.data, area_id=chosen_area_id(form.area.data),
                                 actor=actor())
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
    area = db.session.get(Area, series.area_id) if series.area_id else None
    return render_template("admin/series/detail.html", series=series, area=area, state=status_of(series),
                           kinds=jobs.KIND, form=RenderForm(), national=is_national(),
                           busy=jobs.is_busy(series), stalled=jobs.is_stalled(series))


@bp.route("/admin/series/<int:series_id>/status")
@guard("coordinator", "national_admin")
def series_status(series_id):
    return jsonify(status_of(series_or_404(series_id)))


@bp.route("/admin/series/<int:series_id>/render", methods=["POST"])
@guard("national_admin")
def series_render(series_id):
    series = series_or_404(series_id)
    if RenderForm().validate_on_submit():
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
