"""/healthz (the process answers), /readyz (it can serve: database, migrations, queue), /metrics."""
import hmac

from flask import abort, current_app, jsonify, request

from app.core import metrics
from app.core.database import readiness_problems
from app.ops import bp

LOOPBACK = {"127.0.0.1", "::1"}


@bp.get("/healthz")
def healthz():
    """Alive: no database, no queue, so a slow database does not get healthy processes restarted."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    problems = readiness_problems(current_app._get_current_object())
    if problems:
        return jsonify({"status": "unavailable", "problems": problems}), 503
    return jsonify({"status": "ok"})


def metrics_allowed() -> bool:
    """With METRICS_TOKEN, only `Authorization: Bearer <token>`; without it, only this host asking
    directly (not through a proxy, which would add X-Forwarded-For)."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    forwarded = request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded")
    return request.remote_addr in LOOPBACK and not forwarded


@bp.get("/metrics")
def prometheus_metrics():
    if not metrics_allowed():
        abort(404)
    return metrics.exposition(current_app._get_current_object())
