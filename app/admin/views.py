"""Coordinators and the national support centre; this is their start page."""
from flask import render_template
from sqlalchemy import select

from app.network import annual
from app.admin.card_scope import actor, today
from app.auth.scope import coordinator_areas, guard, is_national
from app.extensions import db
from app.models import Area
from app.admin import bp


@bp.route("/admin")
@guard("coordinator", "national_admin")
def start():
    query = select(Area).order_by(Area.name)
    if not is_national():
        query = query.where(Area.id.in_(coordinator_areas().keys()))
    due = [] if is_national() else annual.due(list(coordinator_areas()), today(), actor())
    return render_template("admin/start.html", areas=db.session.scalars(query).all(), national=is_national(),
                           due=due, task_text=annual.task_text)
