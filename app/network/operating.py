"""Whether an organisation may issue cards or record uses on a day."""
from datetime import date

from app.cards import rules
from app.models import Organisation
from app.network import commitments


def site_problem(org: Organisation, on: date) -> rules.SiteProblem | None:
    """Why the site cannot issue or record on `on`, or None when it can: it must be approved, in
    effect, and have acknowledged the current commitment (or, until the date the national admin set
    when publishing it, the version before)."""
    if org.approval_state != "approved":
        return rules.SiteProblem("not_approved")
    if org.approved_from and org.approved_from > on:
        return rules.SiteProblem("approval_starts", org.approved_from)
    if org.approved_until and org.approved_until < on:
        return rules.SiteProblem("not_approved")  # its scheduled end has come
    versions = commitments.published()  # kept per worker for a few seconds, like the acknowledgements
    if versions.latest_id is None:
        return None
    counted = {versions.latest_id}
    if versions.previous_id is not None and versions.previous_counts_until and on <= versions.previous_counts_until:
        counted.add(versions.previous_id)
    acknowledged = commitments.acknowledged_versions(org.id) & counted
    return None if acknowledged else rules.SiteProblem("commitment_missing")


def organisation_active(org: Organisation, on: date) -> bool:
    return site_problem(org, on) is None
