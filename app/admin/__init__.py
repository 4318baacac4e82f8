"""Screens for coordinators and the national admin: the network of organisations and people,
commitments, national settings, the annual cycle, card series, stock, imports, the audit log,
refused scans, the yearly database fee, and the coordinators' year (continuation rounds, the
distributor list, contacts, materials, reminders and feedback meetings).

Belongs here: view modules, their forms (forms.py) and small view helpers. Rules and queries
live in the domains; views stay thin and never import another blueprint's view modules.

May import: the domains (app.cards, app.network, app.stats, app.printing), app.core, app.models,
app.extensions, and app.auth's guard and scope helpers.
"""
from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import views  # noqa: E402, F401
from app.admin import network, people, commitments, settings, audit  # noqa
from app.admin import series, stock, imports, annual  # noqa
from app.admin import refused_scans  # noqa
from app.admin import fees  # noqa
from app.admin import rounds, distributor_lists, contacts, materials, reminders  # noqa
