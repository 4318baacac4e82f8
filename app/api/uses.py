from flask import abort, jsonify

from app.api import actor, bp, json_body
from app.auth.scope import current_site, guard, own_sites
from app.cards import service
from app.extensions import db
from app.models import Use


@bp.post("/uses")
@guard("venue")
def record_use():
    use, verdict = service.record_use(json_body(), venue=current_site("venue"), actor=actor())
    if use is None:
        return jsonify({"verdict": verdict})
    return jsonify({"use_id": use.id, "verdict": verdict}), 201


@bp.post("/uses/batch")
@guard("venue")
def record_batch():
    body = json_body()
    results = service.record_batch(body.get("uses"), venue=current_site("venue"), actor=actor())
    return jsonify({"results": results})


@bp.post("/uses/<int:use_id>/undo")
@guard("venue")
def undo_use(use_id: int):
    use = db.session.get(Use, use_id)
    if use is None:
        abort(404)
    if use.venue_id not in {site.id for site in own_sites("venue")}:
        abort(403)
    use = service.undo_use(use, actor=actor())
    return jsonify({"use_id": use.id, "undone_at": use.undone_at.isoformat() + "Z"})
