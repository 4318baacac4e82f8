"""What operations need from a running app: /healthz and /readyz for load balancers, /metrics for
Prometheus, request ids and JSON logs, SQLite's write-ahead log, and the scheduled jobs' tick.

Belongs here: the three routes (views) and `init_app`, which wires the request hooks. No login and
no rate limit applies to these routes; /metrics is answered only to METRICS_TOKEN or this host.

May import: app.core, app.models, app.extensions, app.config. Never another blueprint.
"""
import time

from flask import Blueprint, Flask

from app.extensions import db, limiter

bp = Blueprint("ops", __name__)
limiter.exempt(bp)


def init_app(app: Flask) -> None:
    from app.core import logs, metrics, schedule  # noqa: F401  (schedule registers the scheduled job kinds)
    from app.core.database import use_write_ahead_log
    from app.ops import views  # noqa: F401

    with app.app_context():
        use_write_ahead_log(db.engine)
    logs.init_app(app)
    app.before_request(metrics.start_timer)
    app.after_request(metrics.observe)
    start_ticks(app)
    app.register_blueprint(bp)


def start_ticks(app: Flask) -> None:
    """Check the scheduled jobs from requests, at most every JOBS_TICK_SECONDS (0: only from cron with
    `flask jobs tick`). The check runs in the background; the locks in app.core.schedule make it once
    per period however many processes and hosts check."""
    every = app.config.get("JOBS_TICK_SECONDS") or 0
    if every <= 0:
        return
    from app.core.jobs import thread_runner
    from app.core.schedule import tick

    due = {"at": time.monotonic()}

    def run_tick() -> None:
        with app.app_context():
            try:
                tick()
            except Exception:
                app.logger.exception("Scheduled jobs could not be checked")
            finally:
                db.session.remove()

    @app.after_request
    def maybe_tick(response):
        now = time.monotonic()
        if now >= due["at"]:
            due["at"] = now + every
            thread_runner(run_tick)
        return response
