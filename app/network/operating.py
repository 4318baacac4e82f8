"""Whether an organisation may issue cards or record uses on a day."""
from datetime import date

from sqlalchemy import func, select

from app.cards import rules
from app.extensions import db
from app.models import CommitmentAck, Organisation
from app.network import commitments


def site_problem(org: Organisation, on: date) -> rules.SiteProblem | None:
    """Why the site cannot issue or record on `on`, or None when it can: it must be approved, in
    effect, and have acknowledged the current commitment (or, until the date the national admin set
    when publishing it, the version before)."""
    if org.approval_state != "approved":
        return rules.SiteProblem("not_approved")
    if org.approved_from and org.approved_from > on:
        return rules.SiteProblem("approval_starts", org.approved_from)
    latest, previous = (commitments.latest_versions(2) + [None, None])[:2]
    if latest is None:
        return None
    counted = [latest.id]
    if previous is not None and latest.previous_counts_until and on <= latest.previous_counts_until:
        counted.append(previous.id)
    acknowledged = db.session.scalar(select(func.count()).select_from(CommitmentAck).where(
        CommitmentAck.organisation_id == org.id, CommitmentAck.version_id.in_(counted)))
    return None if acknowledged else rules.SiteProblem("commitment_missing")


def organisation_active(org: Organisation, on: date) -> bool:
    return site_problem(org, on) is None
