from datetime import datetime, timedelta

from flask import jsonify

from app.api import actor, body_of, bp, schemas
from app.auth.scope import current_site, current_site_facts, guard, own_site_record
from app.cards import desk
from app.core.metrics import answered
from app.core.reads import single_write_connection
from app.models import Use
from app.network import settings as national
from app.models.base import helsinki_date, to_helsinki, utcnow


@bp.post("/uses")
@guard("venue")
def record_use():
    body = body_of(schemas.UseIn)
    if body.get("event_id") is None:
        # One INSERT (the use, or the refused scan) is all it writes: no transaction needed around it.
        single_write_connection()
    use, verdict = desk.record_use(body, venue=current_site_facts("venue"), actor=actor())
    if use is None:
        return jsonify(answered({"verdict": verdict}))
    return jsonify(answered({"use_id": use.id, "verdict": verdict})), 201


@bp.post("/uses/batch")
@guard("venue")
def record_batch():
    batch = body_of(schemas.Batch)
    results = desk.record_batch(batch["uses"], venue=current_site_facts("venue"), actor=actor(),
                                   read_item=schemas.use_item)
    return jsonify(answered({"results": results}))


@bp.post("/uses/<int:use_id>/undo")
@guard("venue")
def undo_use(use_id: int):
    use = desk.undo_use(own_site_record(Use, use_id), actor=actor())
    return jsonify({"use_id": use.id, "undone_at": use.undone_at.isoformat() + "Z"})


def use_json(use: Use, undo_until: datetime) -> dict:
    return {"use_id": use.id, "card": use.card_id, "scanned_at": to_helsinki(use.scanned_at).isoformat(),
            "adults": use.adults, "children": use.children, "assistants": use.assistants,
            "category": use.category, "event_id": use.event_id, "source": use.source, "warning": use.warning,
            "undone": use.undone_at is not None,
            "can_undo": use.undone_at is None and use.received_at > undo_until}


@bp.get("/uses/today")
@guard("venue")
def uses_today():
    """Today's uses (Helsinki day) at the site, newest first, undone ones included."""
    now = utcnow()
    uses = desk.uses_on(current_site("venue"), helsinki_date(now))
    undo_until = now - timedelta(hours=national.current().undo_hours)
    return jsonify({"uses": [use_json(use, undo_until) for use in uses]})
