"""Refused scans at the venues a coordinator looks after (all of them for the national admin): the
audit trail of scans that recorded no use, including offline scans that reached the server too late."""
from flask import render_template, request
from flask_login import current_user

from app.admin import bp
from app.auth.scope import guard
from app.cards import refused_scans as refused
from app.cards.validation import as_id
from app.core.labels import REFUSAL_REASON as REASON
from app.models.base import to_helsinki
from app.network import areas

PAGE_SIZE = 50


@bp.route("/admin/refused-scans")
@guard("coordinator", "national_admin")
def refused_scans():
    reason = request.args.get("reason") if request.args.get("reason") in REASON else None
    # Venues only: a coordinator sees those of the areas where it looks after the culture side.
    venue_areas = areas.area_ids(current_user, "venue")
    total = refused.count(venue_areas, reason)
    page = min(request.args.get("page", 1, type=as_id) or 1, 100_000)
    rows = refused.page(venue_areas, reason, number=page, size=PAGE_SIZE)
    return render_template("admin/refused_scans.html", rows=rows, reasons=REASON, reason=reason or "", page=page,
                           total=total, has_next=page * PAGE_SIZE < total, to_helsinki=to_helsinki)
