"""A background export's page (/stats/jobs/<id>): its progress bar, kept up to date by
static/js/stats/job-progress.js polling the status (or by reloading the page without JS), the
download when it is ready, the error and a new try when it failed or stalled.

A job is its owner's alone: anyone else gets 404, as if it did not exist."""
from flask import Response, abort, jsonify, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import undefer

from app.auth.scope import guard
from app.core.jobs import is_stalled, submit
from app.dashboards import bp
from app.dashboards.export_jobs import LABELS
from app.extensions import db
from app.models import BackgroundJob
from app.models.base import utcnow

ROLES = ("national_admin", "coordinator", "distributor", "venue")
BUSY = ("pending", "running")
STATUS = {"pending": _l("Waiting to start"), "running": _l("Being made"), "done": _l("Ready"),
          "failed": _l("Failed"), "stalled": _l("Stopped before it was ready")}


def own_job(job_id: int, *, with_result: bool = False) -> BackgroundJob:
    query = db.select(BackgroundJob).where(BackgroundJob.id == job_id)
    if with_result:
        query = query.options(undefer(BackgroundJob.result))
    job = db.session.scalar(query) if job_id <= 2**31 - 1 else None
    if job is None or job.owner_id != current_user.id or job.kind not in LABELS:
        abort(404)
    return job


def state(job: BackgroundJob) -> dict:
    status = "stalled" if is_stalled(job) else job.status
    return {"id": job.id, "status": status, "progress": job.progress, "label": str(STATUS[status]),
            "busy": status in BUSY, "error": job.error if job.status == "failed" else None,
            "download": url_for("dashboards.job_download", job_id=job.id) if job.status == "done" else None}


@bp.route("/stats/jobs/<int:job_id>")
@guard(*ROLES)
def job_page(job_id: int):
    job = own_job(job_id)
    return render_template("dashboards/job.html", job=job, state=state(job), title=LABELS[job.kind])


@bp.route("/stats/jobs/<int:job_id>/status")
@guard(*ROLES)
def job_status(job_id: int):
    response = jsonify(state(own_job(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/stats/jobs/<int:job_id>/download")
@guard(*ROLES)
def job_download(job_id: int):
    job = own_job(job_id, with_result=True)
    if job.status != "done" or job.result is None:
        abort(404)
    return Response(job.result, content_type=job.mimetype or "application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename={job.filename or 'kaikukanta'}",
        "Cache-Control": "private, no-store"})


@bp.route("/stats/jobs/<int:job_id>/retry", methods=["POST"])
@guard(*ROLES)
def job_retry(job_id: int):
    """Start a failed or stalled job again, as a new job with the same parameters."""
    job = own_job(job_id)
    if not (job.status == "failed" or is_stalled(job)):
        return redirect(url_for("dashboards.job_page", job_id=job.id), code=303)
    if job.status != "failed":  # stalled: its worker is gone; never let it finish after the new one
        job.status, job.error, job.updated_at = "failed", "stalled", utcnow()
    again = submit(job.kind, current_user.id, dict(job.params or {}))
    db.session.commit()
    return redirect(url_for("dashboards.job_page", job_id=again.id), code=303)
