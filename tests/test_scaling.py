"""Several workers share what they must: rate limits in Redis when REDIS_URL is set."""
import os
import uuid

import pytest
import redis

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.conftest import csrf_from

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_login_limit_is_shared_by_two_workers_through_redis(tmp_path):
    if not redis_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI: Redis is expected at " + REDIS_URL)
        pytest.skip("Redis not reachable at " + REDIS_URL)
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
