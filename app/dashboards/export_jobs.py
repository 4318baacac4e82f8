"""Exports that take longer than a request, run as background jobs (app.core.jobs): every table of a
dashboard in one workbook, and a municipality's yearly report as PDF.

A job runs as its owner: it checks again that the owner may see the scope (their roles may have
changed since they asked), so a job can never export more than its owner's page shows."""
import unicodedata

from flask import abort
from flask_babel import force_locale, lazy_gettext as _l

from app.core.dates import today
from app.core.jobs import JobContext, JobResult, job_kind
from app.dashboards import content, feedback_table
from app.dashboards.choices import chosen, coordinated_area, scope_choices
from app.dashboards.export_tables import feedback_sheet, figures_sheet, panel_sheet, render
from app.extensions import db
from app.models import Municipality, User
from app.network.scope import is_national
from app.printing.municipality_report import render_municipality_report
from app.stats import exports
from app.stats import municipality_report as report_figures
from app.stats.period import Period, period_from_args

WORKBOOK, MUNICIPALITY_REPORT = "stats_workbook", "municipality_report"
LABELS = {WORKBOOK: _l("All tables (XLSX)"), MUNICIPALITY_REPORT: _l("The municipality's yearly report (PDF)")}


def owner_of(ctx: JobContext) -> User:
    owner = db.session.get(User, ctx.owner_id) if ctx.owner_id else None
    if owner is None or not owner.is_active:
        abort(403)
    return owner


def ascii_name(*parts: object) -> str:
    """A file name's stem in plain letters: "Järvenpää" becomes "Jarvenpaa"."""
    text = unicodedata.normalize("NFKD", "-".join(str(part) for part in parts))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace(" ", "-")


def period_stem(period: Period) -> str:
    return str(period.start.year) if period.is_calendar_year else f"{period.start.isoformat()}_{period.end.isoformat()}"


@job_kind(WORKBOOK)
def stats_workbook(ctx: JobContext) -> JobResult:
    """params: {"page": "stats", "scope": token, "args": {year/from/to}, "lang"} or
    {"page": "feedback", "area": id, "year": y, "lang"}."""
    owner, lang, params = owner_of(ctx), ctx.params.get("lang", "fi"), ctx.params
    ctx.progress(0, 3)
    if params.get("page") == "feedback":
        area = coordinated_area(owner, int(params["area"]))
        period = Period.year(int(params["year"]))
        rows, panels = feedback_table.compare(area, period, lang)
        sheets, stem = [feedback_sheet(rows, area.name, period.start.year)], ascii_name("kaikukortti", area.name, period.start.year)
    else:
        choice = chosen(scope_choices(owner, lang), params.get("scope"), sees_all_regions=is_national(owner))
        period = period_from_args(params.get("args") or {}, today())
        figures, panels = content.dashboard(choice, period, lang, today(), owner)
        sheets, stem = [figures_sheet(figures)], ascii_name("kaikukortti", choice.label, period_stem(period))
    ctx.progress(1, 3)
    sheets += [panel_sheet(panel) for panel in panels]
    ctx.progress(2, 3)
    body, mimetype, extension = render(sheets, "xlsx")
    return JobResult(exports.filename(stem, extension), mimetype, body)


def may_report_on(owner, code: str, lang: str) -> Municipality:
    """The municipality, if the owner may have its report: the national admin, or a coordinator of its area."""
    wanted = [c for c in scope_choices(owner, lang) if c.scope.kind == "municipality"]
    choice = chosen(wanted, f"municipality:{code}", sees_all_regions=is_national(owner))
    municipality = db.session.get(Municipality, choice.scope.key)
    if municipality is None:
        abort(404)
    return municipality


@job_kind(MUNICIPALITY_REPORT)
def municipality_report(ctx: JobContext) -> JobResult:
    """params: {"code": municipality code, "year": y, "lang": "fi" or "sv" (one of its official languages)}."""
    owner, code, year = owner_of(ctx), str(ctx.params["code"]), int(ctx.params["year"])
    municipality = may_report_on(owner, code, ctx.params.get("lang", "fi"))
    lang = ctx.params.get("lang") if ctx.params.get("lang") in municipality.official_languages \
        else municipality.language
    with force_locale(lang):
        data = report_figures.gather(code, year, lang,
                                     progress=lambda done, total: ctx.progress(done, total + 1))
        pdf = render_municipality_report(data)
    return JobResult(exports.filename(ascii_name("kaikukortti", municipality.name(lang), year), "pdf"),
                     "application/pdf", pdf)
