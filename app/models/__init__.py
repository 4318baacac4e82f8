"""SQLAlchemy models, one module per aggregate; imported here so Alembic sees them all.

Belongs here: tables, columns, relationships and small properties read straight off a row.
Rules, queries for screens and anything that changes several rows belong to a domain.

May import: app.extensions (db) and other model modules. Nothing from the rooms above them.
"""
from app.models.annual import AnnualChecklist, AnnualTask
from app.models.apikey import ApiKey
from app.models.audit import AuditEntry
from app.models.card import Card, CardEvent, CardSeries, StockRequest
from app.models.fee import DatabaseFee, DatabaseFeeOverride
from app.models.geo import Area, Municipality, WellbeingCounty
from app.models.invitation import Invitation
from app.models.job import BackgroundJob
from app.models.login_session import LoginSession
from app.models.offer import Offer
from app.models.organisation import CommitmentAck, CommitmentVersion, Organisation
from app.models.settings import NationalSettings
from app.models.stat import CardYear, UseDay, UseTally
from app.models.use import Event, RefusedScan, Use
from app.models.user import Membership, User
# The coordinators' year; their classes are imported from these modules by name.
from app.models import continuation, contact, distributor_list, material, reminder  # noqa: E402, F401

__all__ = [
    "AnnualChecklist", "AnnualTask", "Invitation", "LoginSession", "ApiKey", "AuditEntry", "Card", "CardEvent", "CardSeries", "StockRequest", "Area",
    "BackgroundJob", "DatabaseFee", "DatabaseFeeOverride",
    "Municipality", "WellbeingCounty", "CommitmentAck", "CommitmentVersion", "Organisation",
    "NationalSettings", "CardYear", "UseDay", "UseTally", "Offer", "Event", "RefusedScan", "Use", "Membership", "User",
]
