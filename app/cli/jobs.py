"""`flask jobs worker` (make worker): the RQ worker for background jobs; `flask jobs tick`: start the
scheduled jobs that are due (from cron or a systemd timer on any number of hosts: each runs once
per period)."""
import os

import click
from flask import current_app

from app.core import schedule
from app.core.jobs import queue_of
from app.extensions import db


@click.group("jobs")
def jobs() -> None:
    """Background jobs."""


@jobs.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run queued jobs (needs REDIS_URL). Each job runs in a child process with this app's context."""
    from rq import Worker

    queue = queue_of(current_app._get_current_object())
    if queue is None:
        raise click.ClickException("REDIS_URL is not set: without it, jobs run inside the web process "
                                   "and no worker is needed.")
    engine = db.engine
    # A forked job must not reuse the parent's database connections.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    Worker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)


@jobs.command("tick")
def tick() -> None:
    """Start the scheduled jobs whose period (day, month) has not had one; prints their names."""
    started = schedule.tick()
    for name in started:
        click.echo(f"started {name}")
    click.echo(str(len(started)))
