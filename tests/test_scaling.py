"""Several workers share what they must: rate limits and session data in Redis when REDIS_URL is set."""
import os
import uuid

import pytest
import redis

from app import create_app
from app.network import refdata
from app.config import TestConfig
from app.extensions import db
from tests import factories
from tests.conftest import csrf_from

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def need_redis() -> None:
    if not redis_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI: Redis is expected at " + REDIS_URL)
        pytest.skip("Redis not reachable at " + REDIS_URL)


def test_login_limit_is_shared_by_two_workers_through_redis(tmp_path):
    need_redis()
    prefix = f"kk-test-{uuid.uuid4()}"
    workers = [create_app(TestConfig, RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix,
                          SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'shared.sqlite'}") for _ in range(2)]
    with workers[0].app_context():
        db.create_all()
    statuses = []
    for attempt in range(12):
        client = workers[attempt % 2].test_client()
        token = csrf_from(client.get("/login").get_data(as_text=True))
        statuses.append(client.post("/login", data={"email": "x@example.fi", "password": "x",
                                                    "csrf_token": token}).status_code)
    assert statuses[:10] == [200] * 10 and statuses[-1] == 429


def test_sessions_live_in_redis_and_sign_out_removes_them(tmp_path):
    need_redis()
    prefix = f"kk-test-session-{uuid.uuid4()}:"
    workers = [create_app(TestConfig, SESSION_REDIS_URL=REDIS_URL, SESSION_KEY_PREFIX=prefix,
                          SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'shared.sqlite'}") for _ in range(2)]
    with workers[0].app_context():
        db.create_all()
        refdata.load(db.session.connection())
        org = factories.organisation("venue", name="Teatteri")
        factories.user("venue", org=org, email="desk@example.fi")
        db.session.commit()
    store = redis.Redis.from_url(REDIS_URL)
    desk = workers[0].test_client()
    token = csrf_from(desk.get("/login").get_data(as_text=True))
    assert desk.post("/login", data={"email": "desk@example.fi", "password": factories.PASSWORD,
                                     "csrf_token": token}).status_code == 302
    cookie = desk.get_cookie("session").value
    assert "." not in cookie and store.exists(prefix + cookie)  # an id only; the contents are in Redis

    other_worker = workers[1].test_client()
    other_worker.set_cookie("session", cookie)
    assert other_worker.get("/scan").status_code == 200  # any worker serves the session
    page = desk.get("/scan").get_data(as_text=True)
    assert desk.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert not store.exists(prefix + cookie)
    replay = workers[1].test_client()
    replay.set_cookie("session", cookie)
    assert replay.get("/scan").status_code == 302
