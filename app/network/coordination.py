"""The area's coordination commitment (municipalities, the wellbeing services county and the national centre
as joint controllers of the register): the national admin publishes versions (app.network.commitments,
kind "coordination"); each area's coordinators acknowledge the latest one for their side, culture and sote.
An area's commitment is complete when both sides have acknowledged the latest version."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.audit import actor_of, audit
from app.core.errors import DomainError
from app.extensions import db
from app.models import Area, CommitmentVersion
from app.models.contact import COORDINATION_SIDES, CoordinationAck
from app.network import areas
from app.network.commitments import current_version

KIND = "coordination"


def latest() -> CommitmentVersion | None:
    return current_version(KIND)


def sides_of(principal, area_id: int) -> list[str]:
    """The sides the principal coordinates in the area ("both" is both)."""
    found = set()
    for m in principal.memberships:
        if m.role == "coordinator" and m.area_id == area_id:
            found.update(COORDINATION_SIDES if (m.side or "both") == "both" else (m.side,))
    return [side for side in COORDINATION_SIDES if side in found]


@dataclass
class AreaState:
    area: Area
    acks: dict[str, CoordinationAck] = field(default_factory=dict)  # side -> acknowledgement of the latest
    mine: list[str] = field(default_factory=list)  # sides the principal coordinates here

    @property
    def complete(self) -> bool:
        return all(side in self.acks for side in COORDINATION_SIDES)

    @property
    def to_acknowledge(self) -> list[str]:
        """The principal's sides here still waiting for an acknowledgement."""
        return [side for side in self.mine if side not in self.acks]


def acks_of(version: CommitmentVersion, area_ids: list[int]) -> dict[int, dict[str, CoordinationAck]]:
    found: dict[int, dict[str, CoordinationAck]] = {}
    for ack in db.session.scalars(select(CoordinationAck).where(CoordinationAck.version_id == version.id,
                                                                CoordinationAck.area_id.in_(area_ids))):
        found.setdefault(ack.area_id, {})[ack.side] = ack
    return found


def states(principal, version: CommitmentVersion | None) -> list[AreaState]:
    """Each active area the principal sees, with who has acknowledged `version` (none when it is None)."""
    shown = [area for area in areas.visible_areas(principal) if area.active]
    acks = acks_of(version, [a.id for a in shown]) if version is not None else {}
    return [AreaState(area, acks.get(area.id, {}), sides_of(principal, area.id)) for area in shown]


def is_complete(area_id: int) -> bool:
    version = latest()
    if version is None:
        return False
    return all(side in acks_of(version, [area_id]).get(area_id, {}) for side in COORDINATION_SIDES)


def acknowledge(principal, area_id: int, side: str) -> CoordinationAck:
    """The coordinator acknowledges the latest version for one of its sides in one of its areas."""
    area = areas.area_in_scope(principal, area_id)
    if area is None:
        raise DomainError("unknown_area", _("No such area."), status=404)
    if side not in sides_of(principal, area.id):
        raise DomainError("not_your_side", _("You can acknowledge only for the side you coordinate."),
                          status=403, field="side")
    version = latest()
    if version is None:
        raise DomainError("no_commitment", _("No commitment has been published."), status=404)
    if side in acks_of(version, [area.id]).get(area.id, {}):
        raise DomainError("already_acknowledged", _("This side has already acknowledged this version."),
                          status=409, field="side")
    ack = CoordinationAck(area_id=area.id, version_id=version.id, side=side, user_id=principal.id)
    db.session.add(ack)
    db.session.flush()
    audit(actor_of(principal), "coordination_acknowledged", "area", area.id, area.id, version=version.version,
          side=side)
    db.session.flush()
    return ack
