"""/stats: the dashboard of whatever the signed-in person may see; /stats/feedback: an area's year
for the feedback meeting."""
from flask import render_template, request
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from app.auth.scope import guard
from app.core.dates import today
from app.dashboards import bp, feedback_table
from app.dashboards.choices import chosen, coordinated_area, scope_choices
from app.dashboards.content import dashboard
from app.dashboards.forms import picker
from app.dashboards.panels import period_text
from app.network.scope import is_national
from app.stats.period import Period, PeriodError, period_from_args

ROLES = ("national_admin", "coordinator", "distributor", "venue")


@bp.route("/stats")
@guard(*ROLES)
def start():
    lang, now = str(get_locale()), today()
    choices = scope_choices(current_user, lang)
    choice = chosen(choices, request.args.get("scope"), sees_all_regions=is_national(current_user))
    form = picker(request.args, choices, choice.scope.token, now)
    try:
        period = period_from_args(request.args, now)
    except PeriodError:
        form.start.errors = [_("Choose a year, or give the first and last day as dates, the first before the last.")]
        return render_template("dashboards/start.html", form=form, choice=choice, period=None, figures=[],
                               panels=[]), 400
    figures, panels = dashboard(choice, period, lang, now, current_user)
    return render_template("dashboards/start.html", form=form, choice=choice, period=period,
                           period_label=period_text(period), figures=figures, panels=panels)


@bp.route("/stats/feedback")
@guard("coordinator", "national_admin")
def feedback():
    area_id, year = request.args.get("area", ""), request.args.get("year", "")
    if not (area_id.isascii() and area_id.isdigit()):
        return feedback_choice()
    area = coordinated_area(current_user, int(area_id))
    try:
        period = Period.year(int(year) if year.isascii() and year.isdigit() else today().year)
    except PeriodError:
        period = Period.year(today().year)
    lang = str(get_locale())
    rows, panels = feedback_table.compare(area, period, lang)
    return render_template("dashboards/feedback.html", area=area, year=period.start.year, rows=rows,
                           panels=panels)


def feedback_choice():
    lang, now = str(get_locale()), today()
    areas = [choice for choice in scope_choices(current_user, lang) if choice.scope.kind == "area"]
    return render_template("dashboards/feedback_choice.html", areas=areas, years=range(now.year, now.year - 10, -1))
