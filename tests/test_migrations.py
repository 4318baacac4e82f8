"""The Alembic migrations build the same schema as the models, with the reference data."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def flask(*args, env):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.db
def test_upgrade_from_empty_matches_the_models_and_loads_reference_data(tmp_path):
    import os
    from tests.conftest import PG_URL
    env = {**os.environ, "DATABASE_URL": PG_URL or f"sqlite:///{tmp_path / 'm.sqlite'}"}
    if PG_URL:
        import psycopg
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    upgrade = flask("db", "upgrade", env=env)
    assert upgrade.returncode == 0, upgrade.stderr
    check = flask("db", "check", env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    count = flask("refdata", "load", env=env)
    assert count.stdout.strip().splitlines()[-1] == "0"  # already there from the migration
    if PG_URL:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            assert conn.execute("SELECT count(*) FROM municipality").fetchone()[0] == 308
            conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        import tests.conftest as conftest
        conftest._schema_ready = False
