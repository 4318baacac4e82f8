"""The statistics dashboards at /stats, pictures first, for every signed-in role: the national
admin (the whole country, or an area, municipality or wellbeing county), a coordinator (their
areas and each municipality in them), a distributor site (its own cards) and a venue (its own
uses, nothing about holders); and the feedback-meeting view of an area's year.

Belongs here: view modules, the picker form (forms.py), which scopes a person may pick
(choices.py) and the panels a page shows (panels.py, venue_panels.py). Every figure comes from
app.stats; nothing here counts rows. Charts are drawn by app.stats.charts.

May import: the domains (app.stats, app.network), app.core, app.models, app.extensions, and
app.auth's guard.
"""
from flask import Blueprint

bp = Blueprint("dashboards", __name__)

from app.dashboards import export_views, job_views, report_views, views  # noqa: E402, F401
