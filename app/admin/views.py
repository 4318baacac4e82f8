"""Coordinators and the national support centre; this is their start page."""
from flask import render_template
from flask_login import current_user

from app.admin import bp
from app.auth.scope import guard
from app.network.scope import coordinator_areas, is_national
from app.core.audit import current_actor
from app.core.dates import today
from app.network import annual, areas


@bp.route("/admin")
@guard("coordinator", "national_admin")
def start():
    due = [] if is_national() else annual.due(list(coordinator_areas()), today(), current_actor())
    return render_template("admin/start.html", areas=areas.visible_areas(current_user), national=is_national(),
                           municipality_counts=areas.municipality_counts(), due=due, task_text=annual.task_text)
