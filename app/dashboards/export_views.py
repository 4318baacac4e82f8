"""Downloads of the dashboards' tables: /stats/export (any table of /stats, or its key figures) and
/stats/feedback/export (the feedback meeting's tables), as CSV for Finnish Excel, plain CSV or
XLSX; "all tables" in one workbook is a background job (POST /stats/export/all).

Every export is the page it comes from, recomputed with the same role and scope checks and the
same period, so it holds exactly the figures the viewer may see there (small counts as "<5")."""
from flask import Response, abort, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.auth.scope import guard
from app.core.dates import today
from app.core.jobs import submit
from app.dashboards import bp, content, feedback_table
from app.dashboards.choices import chosen, coordinated_area, scope_choices
from app.dashboards.export_jobs import WORKBOOK, ascii_name, period_stem
from app.dashboards.export_tables import FORMATS, feedback_sheet, figures_sheet, panel_sheet, render
from app.extensions import db
from app.network.scope import is_national
from app.stats import exports
from app.stats.period import Period, PeriodError, parse_year, period_from_args

ROLES = ("national_admin", "coordinator", "distributor", "venue")
PERIOD_ARGS = ("year", "from", "to")


def download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(body, content_type=mimetype, headers={"Content-Disposition": f"attachment; filename={name}",
                                                       "Cache-Control": "private, no-store"})


def wanted_format() -> str:
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        abort(404)
    return fmt


def stats_page(args):
    """The /stats page a request names: (choice, period), refused as /stats refuses it."""
    lang = str(get_locale())
    choice = chosen(scope_choices(current_user, lang), args.get("scope"), sees_all_regions=is_national(current_user))
    try:
        period = period_from_args(args, today())
    except PeriodError:
        abort(400)
    return choice, period


def feedback_page(args):
    area_id, year = args.get("area", ""), args.get("year", "")
    if not (area_id.isascii() and area_id.isdigit()):
        abort(404)
    area = coordinated_area(current_user, int(area_id))
    try:
        period = Period.year(parse_year(year, latest=today().year + 1))
    except PeriodError:
        abort(400)
    return area, period


@bp.route("/stats/export")
@guard(*ROLES)
def export():
    fmt, table = wanted_format(), request.args.get("table", "")
    choice, period = stats_page(request.args)
    lang = str(get_locale())
    figures, panels = content.dashboard(choice, period, lang, today(), current_user)
    sheets = {"figures": figures_sheet(figures), **{panel.key: panel_sheet(panel) for panel in panels}}
    if table not in sheets:
        abort(404)
    body, mimetype, extension = render([sheets[table]], fmt)
    stem = ascii_name("kaikukortti", choice.label, period_stem(period), table)
    return download(body, mimetype, exports.filename(stem, extension))


@bp.route("/stats/feedback/export")
@guard("coordinator", "national_admin")
def feedback_export():
    fmt, table = wanted_format(), request.args.get("table", "")
    area, period = feedback_page(request.args)
    rows, panels = feedback_table.compare(area, period, str(get_locale()))
    sheets = {"feedback": feedback_sheet(rows, area.name, period.start.year),
              **{panel.key: panel_sheet(panel) for panel in panels}}
    if table not in sheets:
        abort(404)
    body, mimetype, extension = render([sheets[table]], fmt)
    return download(body, mimetype, exports.filename(ascii_name("kaikukortti", area.name, period.start.year, table),
                                                     extension))


@bp.route("/stats/export/all", methods=["POST"])
@guard(*ROLES)
def export_all():
    """Every table of the page in one workbook, made in the background: on to the job's page."""
    lang = str(get_locale())
    if request.form.get("page") == "feedback":
        area, period = feedback_page(request.form)
        params = {"page": "feedback", "area": area.id, "year": period.start.year, "lang": lang}
    else:
        choice, _period = stats_page(request.form)
        args = {name: request.form[name] for name in PERIOD_ARGS if request.form.get(name)}
        params = {"page": "stats", "scope": choice.scope.token, "args": args, "lang": lang}
    job = submit(WORKBOOK, current_user.id, params)
    db.session.commit()
    return redirect(url_for("dashboards.job_page", job_id=job.id), code=303)
