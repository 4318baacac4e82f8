"""Operations: health and readiness for load balancers, Prometheus metrics, request ids and JSON logs,
and the refusal of an unsafe production configuration."""
import json
import logging
import uuid

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text

from app.config import unsafe_configuration
from app.core import logs
from app.core.database import migration_heads
from app.extensions import db
from tests.factories import ActiveCardFactory, ExpiredCardFactory


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def stamp(app, revision: str | None = None) -> None:
    db.session.execute(text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)"))
    db.session.execute(text("DELETE FROM alembic_version"))
    db.session.execute(text("INSERT INTO alembic_version VALUES (:v)"),
                       {"v": revision or sorted(migration_heads(app))[0]})
    db.session.commit()


def unstamp() -> None:
    db.session.rollback()
    db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()


@pytest.fixture
def unstamped(app):
    """A schema made by create_all, with no version (on PostgreSQL the table outlives a test)."""
    unstamp()
    yield
    unstamp()


def test_healthz_answers_without_login_or_database(client, app, monkeypatch):
    monkeypatch.setattr(db.session, "execute", None)  # any database use would fail
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


@pytest.mark.db
def test_readyz_says_what_is_wrong_until_the_database_is_at_the_code_s_migration(client, app, unstamped):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert set(response.get_json()["problems"]) == {"migrations"}
    stamp(app, "0001")
    body = client.get("/readyz").get_json()
    assert "0001" in body["problems"]["migrations"]
    stamp(app)
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_reports_an_unreachable_queue(client, app, unstamped):
    stamp(app)
    app.config["JOB_QUEUE_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503 and set(response.get_json()["problems"]) == {"queue"}


def test_health_checks_are_not_rate_limited(client, app):
    app.config["RATELIMIT_ENABLED"] = True
    assert all(client.get("/healthz").status_code == 200 for _ in range(200))


def test_metrics_count_requests_verdicts_and_uses(client, world, venue_api):
    card, expired = ActiveCardFactory.create(world.distributor), ExpiredCardFactory.create(world.distributor)
    db.session.commit()
    before = {"checks": sample("kk_http_requests_total", endpoint="api.check_card", method="GET", status="200"),
              "ok": sample("kk_card_verdicts_total", status="ok", reason="valid"),
              "expired": sample("kk_card_verdicts_total", status="error", reason="expired"),
              "uses": sample("kk_uses_recorded_total", source="live")}
    assert venue_api.get(f"/api/v1/cards/{card.id}").get_json()["reason"] == "valid"
    assert venue_api.post("/api/v1/uses", json={"card": card.id, "client_scan_id": uuid.uuid4().hex}).status_code == 201
    assert venue_api.post("/api/v1/uses", json={"card": expired.id, "client_scan_id": uuid.uuid4().hex}
                          ).get_json()["verdict"]["reason"] == "expired"
    text_out = client.get("/metrics").get_data(as_text=True)
    assert 'kk_http_request_duration_seconds_bucket{endpoint="api.check_card"' in text_out
    assert "kk_jobs_queued 0.0" in text_out
    after = {"checks": sample("kk_http_requests_total", endpoint="api.check_card", method="GET", status="200"),
             "ok": sample("kk_card_verdicts_total", status="ok", reason="valid"),
             "expired": sample("kk_card_verdicts_total", status="error", reason="expired"),
             "uses": sample("kk_uses_recorded_total", source="live")}
    assert {name: after[name] - before[name] for name in after} == {"checks": 1, "ok": 2, "expired": 1, "uses": 1}


def test_metrics_are_not_public(client, app):
    assert client.get("/metrics").status_code == 200  # this host, asking directly
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404  # via a proxy
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    app.config["METRICS_TOKEN"] = "s3cret-token"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}, environ_base=outside).status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"},
                      environ_base=outside).status_code == 200


def test_every_answer_carries_a_request_id_and_keeps_the_callers(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/healthz").headers["X-Request-ID"]
    assert client.get("/healthz", headers={"X-Request-ID": "lb-4711.a"}).headers["X-Request-ID"] == "lb-4711.a"
    assert client.get("/healthz", headers={"X-Request-ID": "bad id <x>"}).headers["X-Request-ID"] != "bad id <x>"


def test_json_logs_carry_the_request_id():
    formatter, records = logs.JsonFormatter(), []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(formatter.format(record))

    from app import create_app
    from app.config import TestConfig

    handler = Keep()
    handler.addFilter(logs.RequestIdFilter())
    logs.access_log.addHandler(handler)
    try:
        app = create_app(TestConfig, LOG_FORMAT="json")
        with app.app_context():
            db.create_all()
            app.test_client().get("/healthz", headers={"X-Request-ID": "trace-1"})
    finally:
        logs.access_log.removeHandler(handler)
        root = logging.getLogger()
        for installed in [h for h in root.handlers if getattr(h, "kk_json", False)]:
            root.removeHandler(installed)
    line = json.loads(records[-1])
    assert (line["request_id"], line["path"], line["status"], line["level"]) == ("trace-1", "/healthz", 200, "info")
    assert line["duration_ms"] >= 0


def test_production_configuration_needs_a_secret_key_and_shared_limits():
    public = {"PUBLIC_BASE_URL": "https://kaikukortti.example.fi"}
    assert unsafe_configuration(1, {}) == []  # make run on this machine: the key in instance/ is fine
    assert unsafe_configuration(1, {"PUBLIC_BASE_URL": "http://localhost:5000"}) == []
    assert "SECRET_KEY is not set" in unsafe_configuration(1, public)[0]
    assert "shorter than 32" in unsafe_configuration(1, {**public, "SECRET_KEY": "short"})[0]
    assert unsafe_configuration(1, {**public, "SECRET_KEY": "k" * 64}) == []
    assert "REDIS_URL" in unsafe_configuration(2, {**public, "SECRET_KEY": "k" * 64})[0]
    assert unsafe_configuration(2, {**public, "SECRET_KEY": "k" * 64, "REDIS_URL": "redis://cache:6379/0"}) == []


def test_a_file_database_writes_ahead_and_syncs_at_checkpoints(tmp_path):
    from sqlalchemy import create_engine

    from app.core.database import use_write_ahead_log

    engine = create_engine(f"sqlite:///{tmp_path / 'kaikukanta.sqlite'}")
    use_write_ahead_log(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    engine.dispose()
