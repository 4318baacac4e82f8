"""Background jobs: on RQ in a worker when Redis is configured (retried, and kept in Redis however the
web workers come and go), in the web process without it; scheduled jobs once per period."""
import os
import threading
import uuid
from datetime import timedelta

import pytest
import redis

from app import create_app
from app.config import TestConfig
from app.core import jobs, schedule
from app.extensions import db
from app.models import BackgroundJob, CardSeries
from app.models.base import utcnow
from app.network import refdata
from tests.conftest import csrf_from

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
ATTEMPTS = {"flaky": 0}


@jobs.job_kind("test_flaky")
def flaky(ctx: jobs.JobContext) -> jobs.JobResult:
    """Fails until its third attempt."""
    ATTEMPTS["flaky"] += 1
    if ATTEMPTS["flaky"] < ctx.params["succeed_on"]:
        raise ConnectionError("printer server away")
    ctx.progress(1, 1)
    return jobs.JobResult("done.txt", "text/plain", f"attempt {ATTEMPTS['flaky']}".encode())


def need_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI: Redis is expected at " + REDIS_URL)
        pytest.skip("Redis not reachable at " + REDIS_URL)


@pytest.fixture
def on_rq(app):
    """The app enqueues on a queue of its own in the test Redis; the queue is emptied afterwards."""
    need_redis()
    name = f"kk-test-{uuid.uuid4().hex}"
    app.config.update(JOB_QUEUE_URL=REDIS_URL, JOB_QUEUE_NAME=name, JOB_RETRY_SECONDS=0)
    app.config.pop("JOB_RUNNER", None)
    ATTEMPTS["flaky"] = 0
    yield app
    forget(jobs.queue_of(app))


def forget(queue) -> None:
    """Leave nothing of the test's queue in Redis: its jobs, their results, its registries."""
    conn = queue.connection
    job_ids = {*queue.job_ids, *queue.finished_job_registry.get_job_ids(), *queue.failed_job_registry.get_job_ids()}
    for job_id in job_ids:
        conn.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
    for key in conn.scan_iter(f"*{queue.name}*"):
        conn.delete(key)
    conn.srem("rq:queues", queue.key)


def work_off(queue) -> None:
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_a_print_file_is_made_by_an_rq_worker(on_rq, login_as, world):
    client = login_as("national_admin")
    token = csrf_from(client.get("/admin/series/new").get_data(as_text=True))
    client.post("/admin/series/new", data={"csrf_token": token, "kind": "client", "count": "4",
                                           "area": str(world.area.id)})
    series = db.session.scalars(db.select(CardSeries)).one()
    assert client.get(f"/admin/series/{series.id}/status").get_json()["status"] == "pending"
    queue = jobs.queue_of(on_rq)
    assert queue.count == 1
    assert b"kk_jobs_queued 1.0" in client.get("/metrics").data
    work_off(queue)
    assert client.get(f"/admin/series/{series.id}/status").get_json()["status"] == "ready"
    assert client.get(f"/admin/series/{series.id}/cards.pdf").data.startswith(b"%PDF")
    assert queue.count == 0


def test_a_failing_job_is_retried_on_the_queue(on_rq):
    job = jobs.submit("test_flaky", None, {"succeed_on": 3})
    db.session.commit()
    work_off(jobs.queue_of(on_rq))
    db.session.refresh(job)
    assert (job.status, job.progress, job.result) == ("done", 100, b"attempt 3")


def test_a_job_that_keeps_failing_is_shown_as_failed_after_its_retries(on_rq):
    job = jobs.submit("test_flaky", None, {"succeed_on": 99})
    db.session.commit()
    work_off(jobs.queue_of(on_rq))
    db.session.refresh(job)
    assert (job.status, job.error, ATTEMPTS["flaky"]) == ("failed", "printer server away", 4)  # 1 + 3 retries


def test_a_queued_job_survives_the_web_worker_that_asked_for_it(tmp_path):
    need_redis()
    settings = dict(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'shared.sqlite'}", JOB_QUEUE_URL=REDIS_URL,
                    JOB_QUEUE_NAME=f"kk-test-{uuid.uuid4().hex}", JOB_RETRY_SECONDS=0)
    ATTEMPTS["flaky"] = 0
    web = create_app(TestConfig, **settings)
    with web.app_context():
        db.create_all()
        refdata.load(db.session.connection())
        job_id = jobs.submit("test_flaky", None, {"succeed_on": 1}).id
        db.session.commit()
        db.engine.dispose()
    del web  # the web worker is restarted: nothing of the job was in it
    worker = create_app(TestConfig, **settings)
    with worker.app_context():
        queue = jobs.queue_of(worker)
        try:
            work_off(queue)
            job = db.session.get(BackgroundJob, job_id)
            assert (job.status, job.result) == ("done", b"attempt 1")
        finally:
            forget(queue)
            db.session.remove()
            db.engine.dispose()


def test_without_redis_the_job_runs_in_the_web_process(app, monkeypatch):
    assert app.config.get("JOB_QUEUE_URL") is None and app.config.get("JOB_RUNNER") is None
    ATTEMPTS["flaky"] = 0
    threads = []

    def one_thread_joined(work):  # the fallback's own thread, waited for so that the test need not poll
        thread = threading.Thread(target=work)
        threads.append(thread)
        thread.start()
        thread.join()

    monkeypatch.setattr(jobs, "thread_runner", one_thread_joined)
    job = jobs.submit("test_flaky", None, {"succeed_on": 2})
    db.session.commit()
    db.session.refresh(job)
    assert len(threads) == 1 and (job.status, job.error) == ("failed", "printer server away")  # no retries here


@pytest.mark.db
def test_scheduled_jobs_run_once_per_period(app):
    app.config["JOB_RUNNER"] = lambda work: work()
    now = utcnow()
    old = BackgroundJob(kind="test_flaky", params={}, status="done", updated_at=now - timedelta(days=45),
                        created_at=now - timedelta(days=45))
    recent = BackgroundJob(kind="test_flaky", params={}, status="done", updated_at=now - timedelta(days=2))
    running = BackgroundJob(kind="test_flaky", params={}, status="running", updated_at=now - timedelta(days=45))
    db.session.add_all([old, recent, running])
    db.session.commit()
    kept, purged = {recent.id, running.id}, old.id
    assert "purge_jobs" in schedule.tick(now)
    assert schedule.tick(now + timedelta(minutes=5)) == []  # another host, or the same one again
    runs = db.session.scalars(db.select(BackgroundJob).where(BackgroundJob.kind == "purge_jobs")).all()
    assert [(run.status, run.result, run.params) for run in runs] == [
        ("done", b"1\n", {"period": schedule.period_of("day", now)[0]})]
    assert kept <= set(db.session.scalars(db.select(BackgroundJob.id)))
    assert purged not in set(db.session.scalars(db.select(BackgroundJob.id)))
    assert "purge_jobs" in schedule.tick(now + timedelta(days=1))


def test_flask_jobs_tick_starts_what_is_due(app):
    app.config["JOB_RUNNER"] = lambda work: work()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["jobs", "tick"])
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert "started purge_jobs" in lines and lines[-1] == str(len(schedule.SCHEDULED))
    assert runner.invoke(args=["jobs", "tick"]).output.splitlines() == ["0"]


def test_the_worker_command_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
