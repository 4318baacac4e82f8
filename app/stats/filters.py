"""What each scope means, decided once for every figure.

Uses (where the use happened):
- national: every use; area: uses at venues of the area; municipality: uses at venues in the
  municipality; county: uses at venues in the county's municipalities; venue: uses at the venue;
  site: uses of the cards the distributor site issued.
Cards (who holds them):
- national: every card; area: cards issued by a site of the area (the area stored on the card at
  registration); municipality: cards whose holder lives in the municipality (home municipality as
  registered; unrecorded homes count nationally only); county: holders living in the county's
  municipalities; site: cards the site issued; venue: none (a venue issues no cards).
Participating municipalities: those in an active area — within an area, a county, the
municipality itself, or a site's or venue's own municipality.
Undone uses (`undone_at` set) never count anywhere.
Most figures read the running totals the database keeps (app.stats.totals, same meanings); the
conditions here serve what the totals do not keep (a venue's holder breakdowns, a part-year's
distinct cards) and the cards' own columns.
"""
from sqlalchemy import ColumnElement, and_, false, select, true

from app.models import Area, Card, Municipality, Organisation, Use
from app.stats.period import Period
from app.stats.scope import Scope

def _venues_where(*conditions: ColumnElement) -> ColumnElement:
    return Use.venue_id.in_(select(Organisation.id).where(*conditions))


def _county_municipalities(code: str):
    return select(Municipality.code).where(Municipality.county_code == code)


def uses_in_scope(scope: Scope) -> ColumnElement:
    if scope.kind == "national":
        return true()
    if scope.kind == "venue":
        return Use.venue_id == scope.key
    if scope.kind == "site":
        return Use.card_id.in_(select(Card.id).where(Card.issuing_site_id == scope.key))
    if scope.kind == "area":
        return _venues_where(Organisation.area_id == scope.key)
    if scope.kind == "municipality":
        return _venues_where(Organisation.municipality_code == scope.key)
    return _venues_where(Organisation.municipality_code.in_(_county_municipalities(scope.key)))


def counted_uses(period: Period, scope: Scope) -> ColumnElement:
    """Uses recorded (scanned) in the period, in the scope, not undone."""
    return and_(Use.scanned_at >= period.starts_at, Use.scanned_at < period.ends_before,
                Use.undone_at.is_(None), uses_in_scope(scope))


def cards_in_scope(scope: Scope) -> ColumnElement:
    if scope.kind == "national":
        return true()
    if scope.kind == "venue":
        return false()
    if scope.kind == "site":
        return Card.issuing_site_id == scope.key
    if scope.kind == "area":
        return Card.issued_area_id == scope.key
    if scope.kind == "municipality":
        return Card.municipality_code == scope.key
    return Card.municipality_code.in_(_county_municipalities(scope.key))


def participating_municipalities(scope: Scope) -> ColumnElement:
    active = Municipality.area_id.in_(select(Area.id).where(Area.active.is_(True)))
    if scope.kind == "national":
        return active
    if scope.kind == "area":
        return and_(active, Municipality.area_id == scope.key)
    if scope.kind == "municipality":
        return and_(active, Municipality.code == scope.key)
    if scope.kind == "county":
        return and_(active, Municipality.county_code == scope.key)
    own = select(Organisation.municipality_code).where(Organisation.id == scope.key)
    return and_(active, Municipality.code.in_(own))
