"""Background jobs: work longer than a request, with progress the asking page can show.

A job kind is a function registered with `@job_kind("name")`; it receives a `JobContext` (its row's
params, a `progress(done, total)` callback) and returns `JobResult(filename, mimetype, data)`.
`submit(kind, owner_id, params)` stores a pending row; the job starts only after the asking request
commits, so it always sees what that request wrote. The job runs in its own app context and session
and commits its own progress.

Below the job rows sits one dispatch for every kind of background work (`@task`, `after_commit`):
- `app.config["JOB_RUNNER"]`, when set, is given a no-argument function (tests run it inline);
- else with `JOB_QUEUE_URL` (REDIS_URL) the work is enqueued on RQ, retried up to `JOB_RETRIES` times,
  and run by `flask jobs worker` (`make worker`) on any host: it lives in Redis, not in a web worker;
- else (the embedded default, one web process) it runs in the web process, in one thread per job.
"""
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, has_app_context
from flask_babel import force_locale, get_locale
from sqlalchemy import event

from app.core.errors import DomainError
from app.extensions import db
from app.models.base import utcnow
from app.models.job import BackgroundJob

# A job silent this long died with its worker (a restart): the page offers to start it again.
STALLED_AFTER = timedelta(minutes=10)
PROGRESS_SECONDS = 1.0
QUEUE_EXTENSION = "job_queue"


@dataclass(frozen=True)
class JobResult:
    filename: str
    mimetype: str
    data: bytes


@dataclass
class JobContext:
    job_id: int
    params: dict[str, Any]
    owner_id: int | None
    report: Callable[[int], None]

    def progress(self, done: int, total: int) -> None:
        """Tell the page how far the job is (saved at most once a second; 100 only when done)."""
        self.report(min(99, done * 100 // total) if total else 0)


KINDS: dict[str, Callable[[JobContext], JobResult]] = {}
TASKS: dict[str, Callable[..., None]] = {}


def job_kind(name: str):
    def register(work: Callable[[JobContext], JobResult]) -> Callable[[JobContext], JobResult]:
        KINDS[name] = work
        return work
    return register


def task(name: str):
    """Register `work(app, *args)` as background work named `name`; its args must be JSON-like."""
    def register(work: Callable[..., None]) -> Callable[..., None]:
        TASKS[name] = work
        return work
    return register


def thread_runner(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="background-job", daemon=True).start()


def queue_of(app: Flask):
    """The app's RQ queue, or None without JOB_QUEUE_URL."""
    url = app.config.get("JOB_QUEUE_URL")
    if not url:
        return None
    queue = app.extensions.get(QUEUE_EXTENSION)
    if queue is None:
        import redis
        from rq import Queue

        connection = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        queue = app.extensions[QUEUE_EXTENSION] = Queue(app.config.get("JOB_QUEUE_NAME", "kaikukanta"),
                                                        connection=connection)
    return queue


def after_commit(name: str, *args: Any) -> None:
    """Run task `name` with `args` once the current transaction commits (never if it rolls back)."""
    if name not in TASKS:
        raise ValueError(f"unknown task {name!r}")
    app = current_app._get_current_object()
    event.listen(db.session(), "after_commit", lambda session: dispatch(app, name, args), once=True)


def dispatch(app: Flask, name: str, args: tuple | list) -> None:
    runner = app.config.get("JOB_RUNNER")
    if runner is not None:
        runner(lambda: TASKS[name](app, *args))
        return
    queue = queue_of(app)
    if queue is not None:
        from rq import Retry

        try:
            queue.enqueue(perform, name, list(args), retry=Retry(max=app.config.get("JOB_RETRIES", 3),
                                                                 interval=app.config.get("JOB_RETRY_SECONDS", 0)),
                          job_timeout=app.config.get("JOB_TIMEOUT", 3600), description=f"{name}{tuple(args)}")
            return
        except Exception:  # Redis down: the data is committed, so do the work here rather than lose it
            app.logger.exception("Could not enqueue %s; running it in this process", name)
    thread_runner(lambda: TASKS[name](app, *args))


def perform(name: str, args: list) -> None:
    """What an RQ worker runs: the task inside the worker's app (`flask jobs worker` provides it)."""
    if not has_app_context():
        raise RuntimeError("Start the worker with `flask --app wsgi jobs worker` (make worker).")
    TASKS[name](current_app._get_current_object(), *args)


def will_retry(err: Exception) -> bool:
    """Whether the queue will run this work again after `err` (a refusal is final; RQ retries the rest)."""
    if isinstance(err, DomainError):
        return False
    try:
        from rq import get_current_job
    except ImportError:
        return False
    job = get_current_job()
    return bool(job is not None and job.retries_left)


def is_stalled(job: BackgroundJob) -> bool:
    return job.status in ("pending", "running") and utcnow() - job.updated_at > STALLED_AFTER


def submit(kind: str, owner_id: int | None, params: dict[str, Any]) -> BackgroundJob:
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = BackgroundJob(kind=kind, owner_id=owner_id, params=params, locale=str(get_locale() or "fi"),
                        status="pending", progress=0, updated_at=utcnow())
    db.session.add(job)
    db.session.flush()
    after_commit("background_job", job.id)
    return job


@task("background_job")
def run(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            job = db.session.get(BackgroundJob, job_id)
            if job is None or job.status != "pending":
                return
            job.status, job.updated_at = "running", utcnow()
            db.session.commit()
            with force_locale(job.locale):
                result = KINDS[job.kind](JobContext(job.id, dict(job.params or {}), job.owner_id, _reporter(job)))
            job.result, job.filename, job.mimetype = result.data, result.filename, result.mimetype
            job.status, job.progress, job.updated_at = "done", 100, utcnow()
            db.session.commit()
        except Exception as err:  # the job has no caller to raise to: its page shows the error
            app.logger.exception("Background job %s failed", job_id)
            db.session.rollback()
            again = will_retry(err)
            failed = db.session.get(BackgroundJob, job_id)
            if failed is not None:
                failed.status = "pending" if again else "failed"
                failed.error = (str(err) or err.__class__.__name__)[:500]
                failed.updated_at = utcnow()
                db.session.commit()
            if again:
                raise
        finally:
            db.session.remove()


def _reporter(job: BackgroundJob) -> Callable[[int], None]:
    last = {"at": utcnow() - timedelta(seconds=PROGRESS_SECONDS)}

    def report(percent: int) -> None:
        now = utcnow()
        if percent <= job.progress or (now - last["at"]).total_seconds() < PROGRESS_SECONDS:
            return
        job.progress, job.updated_at, last["at"] = percent, now, now
        db.session.commit()
    return report
