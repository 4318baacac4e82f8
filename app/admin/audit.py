"""The audit log: who did what and when, for the national admin and, within their areas, for coordinators."""
from datetime import date

from flask import render_template, request
from sqlalchemy import Select, func, select

from app.admin import bp
from app.auth.scope import coordinator_areas, guard, is_national
from app.extensions import db
from app.labels import AUDIT_ACTION
from app.models import AuditEntry, User
from app.models.base import helsinki_day_bounds, to_helsinki

PAGE_SIZE = 50


def day_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def entries_in_scope() -> Select:
    query = select(AuditEntry)
    if not is_national():
        query = query.where(AuditEntry.area_id.in_(coordinator_areas().keys()))
    return query


@bp.route("/admin/audit")
@guard("coordinator", "national_admin")
def audit_log():
    query = entries_in_scope()
    actions = db.session.scalars(query.with_only_columns(AuditEntry.action).distinct()
                                 .order_by(AuditEntry.action)).all()
    action = request.args.get("action") or None
    start, end = day_arg("from"), day_arg("to")
    if action:
        query = query.where(AuditEntry.action == action)
    if start:
        query = query.where(AuditEntry.at >= helsinki_day_bounds(start)[0])
    if end:
        query = query.where(AuditEntry.at < helsinki_day_bounds(end)[1])
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
    page = max(request.args.get("page", 1, type=int), 1)
    rows = db.session.execute(
        query.add_columns(User.email).outerjoin(User, User.id == AuditEntry.user_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    filters = {"action": action or "", "from": start.isoformat() if start else "", "to": end.isoformat() if end else ""}
    return render_template("admin/audit/list.html", rows=rows, actions=actions, filters=filters, page=page,
                           has_next=page * PAGE_SIZE < total, total=total, to_helsinki=to_helsinki,
                           labels=AUDIT_ACTION)
