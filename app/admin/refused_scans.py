"""Refused scans at the venues a coordinator looks after (all of them for the national admin): the
audit trail of scans that recorded no use, including offline scans that reached the server too late."""
from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from app.admin import bp
from app.auth.scope import coordinator_areas, guard, is_national
from app.cards.validation import as_id
from app.extensions import db
from app.models import Organisation, RefusedScan
from app.models.base import to_helsinki

PAGE_SIZE = 50
REASON = {
    "too_old": _l("Sent too late from an offline desk"), "unknown": _l("Card not found"),
    "malformed": _l("Not a valid card number"), "not_registered": _l("Not registered"), "expired": _l("Expired"),
    "inactivated": _l("Card no longer in use"), "children_exceeded": _l("Too many children"),
    "group_too_large": _l("Group too large"), "quota_full": _l("Event quota full"), "sold_out": _l("Sold out"),
    "organisation_not_active": _l("Venue could not record uses"),
}


def scans_in_scope() -> Select:
    """Venues only; a coordinator sees those of the areas where it looks after the culture side."""
    query = select(RefusedScan, Organisation).join(Organisation, Organisation.id == RefusedScan.venue_id)
    if not is_national():
        areas = [area_id for area_id, kinds in coordinator_areas().items() if "venue" in kinds]
        query = query.where(Organisation.kind == "venue", Organisation.area_id.in_(areas))
    return query


@bp.route("/admin/refused-scans")
@guard("coordinator", "national_admin")
def refused_scans():
    reason = request.args.get("reason") if request.args.get("reason") in REASON else None
    query = scans_in_scope()
    if reason:
        query = query.where(RefusedScan.reason == reason)
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
    page = min(request.args.get("page", 1, type=as_id) or 1, 100_000)
    rows = db.session.execute(query.order_by(RefusedScan.at.desc(), RefusedScan.id.desc())
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return render_template("admin/refused_scans.html", rows=rows, reasons=REASON, reason=reason or "", page=page,
                           total=total, has_next=page * PAGE_SIZE < total, to_helsinki=to_helsinki)
