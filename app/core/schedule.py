"""Scheduled jobs: background jobs that run once per period (day or month, Helsinki time), however
many hosts ask.

`@scheduled("name", every="day")` registers a job kind. `tick()` starts each one whose period has no
job row yet: under a lock (a PostgreSQL advisory lock held for the transaction; on SQLite, which one
host serves, a file lock) it looks for this period's row and, if there is none, submits the job, whose
row is the mark that the period is done. Anything may call `tick()` as often as it likes: the web
process does after a request every JOBS_TICK_SECONDS, and `flask jobs tick` from cron or a systemd
timer on each host.
"""
import fcntl
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, text

from app.config import INSTANCE_DIR
from app.core.jobs import JobContext, JobResult, job_kind, submit
from app.extensions import db
from app.models.base import helsinki_date, helsinki_day_bounds, utcnow
from app.models.job import BackgroundJob

PERIODS = ("day", "month")
SCHEDULED: dict[str, str] = {}
# Rows of scheduled kinds mark their period as done: kept far longer than the longest period.
SCHEDULED_KEEP = timedelta(days=400)


def scheduled(name: str, every: str):
    if every not in PERIODS:
        raise ValueError(f"every: one of {PERIODS}")

    def register(work: Callable[[JobContext], JobResult]) -> Callable[[JobContext], JobResult]:
        SCHEDULED[name] = every
        return job_kind(name)(work)
    return register


def period_of(every: str, now: datetime) -> tuple[str, datetime]:
    """The period (naive UTC `now`) as its key and its start, a naive UTC time like the job rows'."""
    today = helsinki_date(now)
    first = today if every == "day" else today.replace(day=1)
    key = first.isoformat() if every == "day" else first.strftime("%Y-%m")
    return key, helsinki_day_bounds(first)[0]


@contextmanager
def _exclusive(name: str):
    """One tick at a time per scheduled job, on every host that shares the database."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": zlib.crc32(f"kk-scheduled:{name}".encode())})
        yield
        return
    INSTANCE_DIR.mkdir(exist_ok=True)
    with open(INSTANCE_DIR / "scheduled-jobs.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def tick(now: datetime | None = None) -> list[str]:
    """Submit every scheduled job whose current period has not started one; returns their names."""
    now = now or utcnow()
    started = []
    for name, every in sorted(SCHEDULED.items()):
        key, start = period_of(every, now)
        with _exclusive(name):
            done = db.session.scalar(select(func.count()).select_from(BackgroundJob).where(
                BackgroundJob.kind == name, BackgroundJob.created_at >= start))
            if not done:
                job = submit(name, None, {"period": key})
                job.created_at = job.updated_at = now
                started.append(name)
            db.session.commit()  # releases the advisory lock; the job starts after this commit
    return started


@scheduled("purge_jobs", every="day")
def purge_jobs(ctx: JobContext) -> JobResult:
    """Finished background jobs (and their files) older than JOB_KEEP_DAYS are deleted."""
    now = utcnow()
    keep = timedelta(days=current_app.config.get("JOB_KEEP_DAYS", 30))
    finished = BackgroundJob.status.in_(("done", "failed"))
    ordinary = db.session.execute(delete(BackgroundJob).where(
        finished, BackgroundJob.kind.not_in(list(SCHEDULED)), BackgroundJob.updated_at < now - keep))
    marks = db.session.execute(delete(BackgroundJob).where(
        finished, BackgroundJob.kind.in_(list(SCHEDULED)), BackgroundJob.updated_at < now - max(keep, SCHEDULED_KEEP)))
    count = ordinary.rowcount + marks.rowcount
    return JobResult("purged.txt", "text/plain", f"{count}\n".encode())
