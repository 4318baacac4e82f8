"""The PostgreSQL planner settings the statistics rely on reach every connection; SQLite gets none."""
import pytest
from sqlalchemy import text

from app.config import engine_options
from app.extensions import db
from tests.conftest import PG_URL


def test_sqlite_engines_get_no_postgres_options():
    assert engine_options("sqlite:///x.sqlite", {"pool_pre_ping": True}) == {"pool_pre_ping": True}


def test_postgres_engines_keep_their_own_connect_args():
    options = engine_options("postgresql+psycopg://db/x", {"connect_args": {"connect_timeout": 5}})
    assert options["connect_args"]["connect_timeout"] == 5
    assert "plan_cache_mode=force_custom_plan" in options["connect_args"]["options"]


@pytest.mark.postgres_only
@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (TEST_DATABASE_URL); CI always sets it")
def test_postgres_connections_plan_for_the_values_at_hand(app):
    with app.app_context():
        assert db.session.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
