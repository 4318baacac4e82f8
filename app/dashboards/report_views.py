"""/stats/municipality-report: a municipality's yearly report as PDF, for the national admin and the
coordinators of the municipality's area. Choose the municipality and the year, then one of its
official languages (its majority language first); the PDF is made in the background."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.auth.scope import guard
from app.core.dates import today
from app.core.jobs import submit
from app.dashboards import bp
from app.dashboards.choices import chosen, scope_choices
from app.dashboards.export_jobs import MUNICIPALITY_REPORT
from app.extensions import db
from app.models import Municipality
from app.network.scope import is_national
from app.stats.period import PeriodError, parse_year

YEARS_BACK = 10
LANGUAGES = {"fi": "suomi", "sv": "svenska"}  # each in its own language, as language pickers show them


def municipality_choices():
    return [c for c in scope_choices(current_user, str(get_locale())) if c.scope.kind == "municipality"]


def picked(choices, code: str) -> Municipality:
    if not (code.isascii() and code.isdigit() and len(code) <= 3):
        abort(404)
    choice = chosen(choices, f"municipality:{code}", sees_all_regions=is_national(current_user))
    municipality = db.session.get(Municipality, choice.scope.key)
    if municipality is None:
        abort(404)
    return municipality


def report_year(text: str) -> int:
    try:
        return parse_year(text, latest=today().year)
    except PeriodError:
        abort(400)


@bp.route("/stats/municipality-report")
@guard("coordinator", "national_admin")
def municipality_report():
    choices = municipality_choices()
    now = today().year
    code, year = request.args.get("municipality", ""), request.args.get("year", "")
    municipality = picked(choices, code) if code else None
    chosen_year = report_year(year) if year else now - 1
    return render_template("dashboards/municipality_report.html", choices=choices, municipality=municipality,
                           year=chosen_year, years=range(now, now - YEARS_BACK, -1), languages=LANGUAGES)


@bp.route("/stats/municipality-report", methods=["POST"])
@guard("coordinator", "national_admin")
def municipality_report_start():
    municipality = picked(municipality_choices(), request.form.get("municipality", ""))
    year = report_year(request.form.get("year", ""))
    lang = request.form.get("language") or municipality.language
    if lang not in municipality.official_languages:
        abort(400)
    job = submit(MUNICIPALITY_REPORT, current_user.id, {"code": municipality.code, "year": year, "lang": lang})
    db.session.commit()
    return redirect(url_for("dashboards.job_page", job_id=job.id), code=303)
