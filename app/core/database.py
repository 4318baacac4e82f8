"""The database as operations see it: SQLite's write-ahead log, readiness (reachable, migrations at
head), and backups (SQLite's online backup API; pg_dump/pg_restore for PostgreSQL)."""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.engine import make_url

from app.extensions import db


def use_write_ahead_log(engine: Engine) -> None:
    """Readers do not wait for the writer and the writer not for readers: what gunicorn's threads need.
    (The mode is kept in the database file; a busy writer is waited for up to 10 s.)"""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # With the log, NORMAL syncs at checkpoints, not at every commit: a power cut may lose the last
        # commits but never corrupts the file (SQLite's advice for WAL); every commit costs less.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def migration_heads(app: Flask) -> set[str]:
    """The revisions the code expects (read once per process)."""
    heads = app.extensions.get("kk_migration_heads")
    if heads is None:
        from alembic.script import ScriptDirectory

        config = app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
        heads = app.extensions["kk_migration_heads"] = set(ScriptDirectory.from_config(config).get_heads())
    return heads


def readiness_problems(app: Flask) -> dict[str, str]:
    """What keeps this process from serving: {} when the database answers at the expected migration
    and the job queue (when configured) answers."""
    problems = {}
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if not inspect(connection).has_table("alembic_version"):
                problems["migrations"] = "the database has no schema version: run `flask db upgrade`"
            else:
                current = set(connection.scalars(text("SELECT version_num FROM alembic_version")))
                expected = migration_heads(app)
                if current != expected:
                    problems["migrations"] = (f"the database is at {', '.join(sorted(current)) or 'nothing'}, "
                                              f"the code expects {', '.join(sorted(expected))}: run `flask db upgrade`")
    except Exception as err:
        problems["database"] = f"not reachable: {err.__class__.__name__}"
    url = app.config.get("JOB_QUEUE_URL")
    if url:
        try:
            from app.core.jobs import queue_of

            queue_of(app).connection.ping()
        except Exception as err:
            problems["queue"] = f"not reachable: {err.__class__.__name__}"
    return problems


class BackupError(Exception):
    pass


def _libpq(url) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore, with the password passed in the environment, not the command line."""
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{Path(command[0]).name} failed ({done.returncode})")


def backup(path: Path) -> None:
    """A consistent copy of the whole database in `path`, taken while the app keeps running."""
    db.session.remove()
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        target, env = _libpq(url)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={path}", target], env)
        return
    if url.get_backend_name() != "sqlite":
        raise BackupError(f"no backup method for {url.get_backend_name()}")
    path.unlink(missing_ok=True)
    raw = db.engine.raw_connection()
    try:
        with sqlite3.connect(path) as copy:
            raw.driver_connection.backup(copy)
        copy.close()
    finally:
        raw.close()


def is_empty() -> bool:
    return not inspect(db.engine).get_table_names()


def restore(path: Path) -> None:
    """Replace the (empty) database with the backup in `path`."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    db.session.remove()
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        target, env = _libpq(url)
        db.engine.dispose()
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              f"--dbname={target}", str(path)], env)
        return
    with open(path, "rb") as head:
        if head.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not an SQLite backup")
    raw = db.engine.raw_connection()
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(raw.driver_connection)
        finally:
            source.close()
    finally:
        raw.close()
