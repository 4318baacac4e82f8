"""Events and refused scans: did quotas fill ("was the 3 % limit often full?"), and why scans were
refused. Scope: the venues the scope covers (national: all; area, municipality, county: their
venues; venue: itself); a distributor site has no events, and its refused scans are not known
(a refused scan records no card), so both come out empty for a site."""
from sqlalchemy import ColumnElement, and_, case, false, func, select, true

from app.core import labels
from app.extensions import db
from app.models import Event, Municipality, Organisation, RefusedScan, Use
from app.stats.breakdowns import Row
from app.stats.period import Period
from app.stats.scope import Scope

QUOTA_REASONS = ("quota_full", "sold_out")


def venues_in_scope(column, scope: Scope) -> ColumnElement:
    if scope.kind == "national":
        return true()
    if scope.kind == "venue":
        return column == scope.key
    if scope.kind == "site":
        return false()
    if scope.kind == "area":
        return column.in_(select(Organisation.id).where(Organisation.area_id == scope.key))
    if scope.kind == "municipality":
        return column.in_(select(Organisation.id).where(Organisation.municipality_code == scope.key))
    county = select(Municipality.code).where(Municipality.county_code == scope.key)
    return column.in_(select(Organisation.id).where(Organisation.municipality_code.in_(county)))


def _refusals(period: Period, scope: Scope) -> ColumnElement:
    return and_(RefusedScan.at >= period.starts_at, RefusedScan.at < period.ends_before,
                venues_in_scope(RefusedScan.venue_id, scope))


def event_quotas(period: Period, scope: Scope = Scope()) -> dict:
    """Events starting in the period at the scope's venues: {"events", "with_quota", "reached_quota"
    (Kaikukortti tickets — adults + children of uses not undone — at least the quota),
    "quota_full_refusals", "sold_out_refusals" (refused scans in the period)}."""
    in_period = and_(Event.starts_at >= period.starts_at, Event.starts_at < period.ends_before,
                     venues_in_scope(Event.venue_id, scope))
    tickets = (select(Use.event_id, func.sum(Use.adults + Use.children).label("tickets"))
               .where(Use.undone_at.is_(None), Use.event_id.in_(select(Event.id).where(in_period)))
               .group_by(Use.event_id).subquery())
    reached = and_(Event.quota.is_not(None), func.coalesce(tickets.c.tickets, 0) >= Event.quota)
    events, with_quota, reached_quota = db.session.execute(
        select(func.count(), func.count(Event.quota), func.coalesce(func.sum(case((reached, 1), else_=0)), 0))
        .select_from(Event).join(tickets, tickets.c.event_id == Event.id, isouter=True).where(in_period)).one()
    refused = dict(db.session.execute(
        select(RefusedScan.reason, func.count()).where(_refusals(period, scope),
                                                       RefusedScan.reason.in_(QUOTA_REASONS))
        .group_by(RefusedScan.reason)).all())
    return {"events": events, "with_quota": with_quota, "reached_quota": int(reached_quota),
            "quota_full_refusals": refused.get("quota_full", 0), "sold_out_refusals": refused.get("sold_out", 0)}


def refusals_by_reason(period: Period, scope: Scope = Scope()) -> list[Row]:
    """Refused scans in the period by reason (unknown, expired, not_registered...), largest first."""
    rows = db.session.execute(select(RefusedScan.reason, func.count()).where(_refusals(period, scope))
                              .group_by(RefusedScan.reason))
    found = [Row(reason, str(labels.REFUSAL_REASON.get(reason, reason)), int(n)) for reason, n in rows]
    return sorted(found, key=lambda row: (-row.count, row.key))


def refusals_by_venue(period: Period, scope: Scope = Scope()) -> list[dict]:
    """Per venue and reason: {"venue_id", "venue", "reason", "label", "count"}, by venue name, then
    largest first."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, RefusedScan.reason, func.count())
        .join(Organisation, Organisation.id == RefusedScan.venue_id).where(_refusals(period, scope))
        .group_by(Organisation.id, Organisation.name, RefusedScan.reason))
    found = [{"venue_id": venue_id, "venue": name, "reason": reason,
              "label": str(labels.REFUSAL_REASON.get(reason, reason)), "count": int(n)}
             for venue_id, name, reason, n in rows]
    return sorted(found, key=lambda row: (row["venue"], row["venue_id"], -row["count"], row["reason"]))
