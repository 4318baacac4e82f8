"""The operating-model commitments: the national admin publishes versions of each kind (COMMITMENT_KINDS);
distributors and venues acknowledge the partner commitment here, an area's coordinators the coordination
commitment (app.network.coordination). Only partner versions decide whether a site may operate."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.audit import actor_of
from app.core.errors import refuse
from app.core.dates import today
from app.network.organisations import visible_orgs
from app.network.scope import is_national, own_sites
from app.core.errors import DomainError
from app.core.audit import audit
from app.core.short_cache import cached
from app.extensions import db
from app.models import CommitmentAck, CommitmentVersion, Organisation
from app.models.organisation import COMMITMENT_KINDS


TRANSITION_DAYS = 30


def latest_versions(limit: int | None = None, kind: str = "partner") -> list[CommitmentVersion]:
    """Published versions of `kind`, newest first; of two published at the same moment, the later added.
    The one query for "the current version" (and the one before it)."""
    query = select(CommitmentVersion).where(CommitmentVersion.kind == kind).order_by(
        CommitmentVersion.published_at.desc(), CommitmentVersion.id.desc())
    return list(db.session.scalars(query.limit(limit)))


@dataclass(frozen=True)
class Published:
    """Which versions count on the hot path: the latest, and the one before it until `previous_counts_until`."""

    latest_id: int | None = None
    previous_id: int | None = None
    previous_counts_until: date | None = None


def published() -> Published:
    """The latest two partner versions as plain values, kept per worker for a few seconds
    (app.core.short_cache). Coordination versions never stop a site."""
    return cached("commitments_published", _load_published)


def _load_published() -> Published:
    rows = db.session.execute(
        select(CommitmentVersion.id, CommitmentVersion.previous_counts_until)
        .where(CommitmentVersion.kind == "partner").order_by(CommitmentVersion.published_at.desc(), CommitmentVersion.id.desc()).limit(2)).all()
    if not rows:
        return Published()
    return Published(rows[0].id, rows[1].id if len(rows) > 1 else None, rows[0].previous_counts_until)


def acknowledged_versions(org_id: int) -> frozenset[int]:
    """The versions an organisation has acknowledged, kept like `published()`."""
    return cached(("commitments_acknowledged", org_id), lambda: frozenset(db.session.scalars(
        select(CommitmentAck.version_id).where(CommitmentAck.organisation_id == org_id))))


def current_version(kind: str = "partner") -> CommitmentVersion | None:
    return next(iter(latest_versions(1, kind)), None)


def versions(kind: str = "partner") -> list[CommitmentVersion]:
    return latest_versions(kind=kind)


def text_in(version: CommitmentVersion, lang: str) -> str:
    return getattr(version, f"text_{lang}", "") or version.text_fi


def publish(principal, *, version: str, text_fi: str, text_sv: str, text_en: str,
            previous_counts_until: date | None = None, kind: str = "partner") -> CommitmentVersion:
    """A partner version: every organisation must acknowledge it; one that acknowledged the version before
    may go on issuing and recording until `previous_counts_until` (default: 30 days from today). A
    coordination version: every area's coordinators of both sides are asked to acknowledge it."""
    if not is_national(principal):
        refuse()
    if kind not in COMMITMENT_KINDS:
        raise DomainError("invalid_kind", _("Choose the kind of commitment."), field="kind")
    if kind == "partner":
        previous_counts_until = previous_counts_until or today() + timedelta(days=TRANSITION_DAYS)
        if previous_counts_until < today():
            raise DomainError("date_in_past", _("Choose today or a later date."), field="previous_counts_until")
    else:
        previous_counts_until = None  # nothing stops while areas read a new coordination version
    version = version.strip()
    if db.session.scalars(select(CommitmentVersion).where(CommitmentVersion.kind == kind,
                                                          CommitmentVersion.version == version)).first():
        raise DomainError("version_exists", _("This version label is already used."), field="version")
    published = CommitmentVersion(kind=kind, version=version, text_fi=text_fi.strip(), text_sv=text_sv.strip(),
                                  text_en=text_en.strip(), previous_counts_until=previous_counts_until)
    db.session.add(published)
    db.session.flush()
    details = {"version": version, "commitment_kind": kind}
    if previous_counts_until is not None:
        details["previous_counts_until"] = previous_counts_until.isoformat()
    audit(actor_of(principal), "commitment_published", "commitment_version", published.id, **details)
    db.session.flush()
    return published


def acknowledged_ids(version: CommitmentVersion, org_ids: list[int]) -> set[int]:
    return set(db.session.scalars(select(CommitmentAck.organisation_id).where(
        CommitmentAck.version_id == version.id, CommitmentAck.organisation_id.in_(org_ids))))


def staff_sites(principal) -> list[Organisation]:
    return own_sites("distributor", principal) + own_sites("venue", principal)


def acknowledge(principal, site_id: int) -> CommitmentAck:
    site = next((s for s in staff_sites(principal) if s.id == site_id), None)
    if site is None:
        refuse()
    version = current_version()
    if version is None:
        raise DomainError("no_commitment", _("No commitment has been published."), status=404)
    if acknowledged_ids(version, [site.id]):
        raise DomainError("already_acknowledged", _("This organisation has already acknowledged it."), status=409)
    ack = CommitmentAck(organisation_id=site.id, version_id=version.id, user_id=principal.id)
    db.session.add(ack)
    audit(actor_of(principal), "commitment_acknowledged", "organisation", site.id, site.area_id,
          version=version.version)
    db.session.flush()
    return ack


def missing_by_area(principal, version: CommitmentVersion) -> dict[str, list[Organisation]]:
    """Area name -> approved organisations in the principal's scope that have not acknowledged `version`."""
    orgs = db.session.scalars(visible_orgs(principal, state="approved")).all()
    done = acknowledged_ids(version, [o.id for o in orgs])
    missing: dict[str, list[Organisation]] = {}
    for org in sorted(orgs, key=lambda o: (o.area.name, o.name)):
        if org.id not in done:
            missing.setdefault(org.area.name, []).append(org)
    return missing
