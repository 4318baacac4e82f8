"""Open data: the national table for a year, as JSON or CSV, with no login (issue #13 point 6)."""
from flask import Response, jsonify, request
from flask_babel import gettext as _

from app.api import bp
from app.core.dates import today
from app.core.errors import DomainError
from app.core.limits import public_check_limit
from app.extensions import limiter
from app.stats import exports, public
from app.stats.period import FIRST_YEAR, PeriodError, parse_year


def requested_year() -> int:
    latest = today().year
    text = request.args.get("year", "")
    if not text:
        return latest
    try:
        return parse_year(text, latest=latest)
    except PeriodError:
        raise DomainError("invalid_year", _("year: a year from %(first)d to %(last)d.", first=FIRST_YEAR, last=latest),
                          field="year") from None


@bp.get("/public/stats")
@limiter.limit(public_check_limit)
def public_stats():
    year = requested_year()
    output = request.args.get("format", "json")
    if output not in ("json", "csv"):
        raise DomainError("invalid_format", _("format: json or csv."), field="format")
    table = public.public_table(year)
    if output == "json":
        return jsonify(table)
    body = exports.to_csv(public.flat_headers(), [public.flat_row(table)])
    name = exports.filename(f"kaikukortti-{year}", "csv")
    return Response(body, content_type=exports.CSV_MIMETYPE, headers={"Content-Disposition": f'attachment; filename="{name}"'})
