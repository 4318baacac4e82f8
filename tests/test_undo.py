"""Undoing a use: it happens once, with one audit entry, however many taps or desks ask for it."""
import uuid

import pytest
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from app.cards import desk
from app.core import audit
from app.core.errors import DomainError
from app.extensions import db
from app.models import AuditEntry, Use
from tests.factories import ActiveCardFactory

pytestmark = pytest.mark.db


def recorded_use(world, venue_api) -> int:
    card = ActiveCardFactory.create(world.distributor)
    db.session.commit()
    response = venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": str(uuid.uuid4())})
    assert response.status_code == 201
    return response.get_json()["use_id"]


def undo_entries(use_id: int) -> list[AuditEntry]:
    db.session.expire_all()
    return db.session.query(AuditEntry).filter_by(action="use_undone", target_id=str(use_id)).all()


def test_a_second_undo_is_refused_and_writes_no_second_audit_entry(world, venue_api):
    use_id = recorded_use(world, venue_api)
    first = venue_api.post(f"/api/v1/uses/{use_id}/undo")
    assert first.status_code == 200
    undone_at = db.session.get(Use, use_id).undone_at
    again = venue_api.post(f"/api/v1/uses/{use_id}/undo")
    assert again.status_code == 400 and again.get_json()["error"] == "already_undone"
    assert len(undo_entries(use_id)) == 1
    assert db.session.get(Use, use_id).undone_at == undone_at


def test_an_undo_that_lost_the_race_is_refused_though_its_copy_of_the_use_looked_untouched(world, venue_api):
    """The second desk loaded the use before the first desk's undo was stored: the database decides."""
    use_id = recorded_use(world, venue_api)
    undone_elsewhere = db.session.get(Use, use_id).received_at
    db.session.execute(update(Use).where(Use.id == use_id).values(undone_at=undone_elsewhere))
    db.session.commit()
    use = db.session.get(Use, use_id)
    set_committed_value(use, "undone_at", None)  # this desk's copy, loaded before the other undo
    with pytest.raises(DomainError) as refused:
        desk.undo_use(use, actor=audit.Actor())
    assert refused.value.code == "already_undone"
    db.session.rollback()
    assert undo_entries(use_id) == []
    assert db.session.get(Use, use_id).undone_at == undone_elsewhere
