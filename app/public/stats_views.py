"""The public national statistics page: the national table per year and per wellbeing county."""
from flask import abort, render_template, request
from flask_babel import format_number, get_locale

from app.core.dates import today
from app.core.labels import CATEGORY
from app.core.limits import public_check_limit
from app.extensions import limiter
from app.public import bp
from app.stats import national, public
from app.stats.period import PeriodError, parse_year


def shown(value: int | str) -> str:
    """A figure in the reader's number format; "<5" (the small-count rule) as it is."""
    return format_number(value) if isinstance(value, int) else str(value)


@bp.route("/public/stats")
@limiter.limit(public_check_limit)  # every request counts the whole database: keep it from being hammered
def national_statistics():
    latest = today().year
    try:
        year = parse_year(request.args.get("year") or str(latest), latest=latest)
    except PeriodError:
        abort(400)
    by_year = national.national_table_by_year()
    lang = str(get_locale())
    return render_template("public/statistics.html", year=year, by_year=by_year,
                           years=[row["year"] for row in reversed(by_year)] or [latest],
                           table=public.public_table(year), counties=public.county_tables(year, lang),
                           categories=CATEGORY, shown=shown)
