"""Fixtures in the flaskr style. TEST_DATABASE_URL runs the same tests on PostgreSQL."""
import os
import re

import pytest
from flask import g, request_started
from sqlalchemy import text

from app import create_app
from app.network import refdata
from app.auth.principal import create_api_key
from app.config import TestConfig
from app.extensions import db, limiter
from tests import factories

PG_URL = os.environ.get("TEST_DATABASE_URL") or ""
_schema_ready = False


def database_url() -> str:
    if not PG_URL:
        return "sqlite://"
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", PG_URL)


def reset_database() -> None:
    global _schema_ready
    if database_url().startswith("sqlite"):
        db.create_all()
    else:
        if not _schema_ready:
            db.drop_all()
            db.create_all()
            _schema_ready = True
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    refdata.load(db.session.connection())
    db.session.commit()


def fresh_globals(sender, **extra):
    """Requests in a test share the fixture's app context; in production each gets its own `g`
    (flask-login caches the user there), so start every test request with an empty one."""
    g.__dict__.clear()


@pytest.fixture
def app():
    options = {"pool_pre_ping": True} if not PG_URL else {"pool_size": 25, "max_overflow": 5, "pool_timeout": 20}
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url(), SQLALCHEMY_ENGINE_OPTIONS=options)
    request_started.connect(fresh_globals, app)
    with app.app_context():
        reset_database()
        limiter.reset()
        yield app
        db.session.remove()
        if database_url().startswith("sqlite"):
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app):
    """A small network: an area, a distributor, a venue, people of every role, API keys."""
    area = factories.area()
    distributor = factories.organisation("distributor", name="Sosiaalityö")
    venue = factories.organisation("venue", name="Teatteri", municipality="186")
    other_area = factories.area("Oulu", ("564",))
    other_venue = factories.organisation("venue", name="Muu teatteri", municipality="564", area_name="Oulu")
    other_distributor = factories.organisation("distributor", name="Muu jakaja", municipality="564",
                                               area_name="Oulu")
    people = {
        "national_admin": factories.user("national_admin", email="admin@example.fi"),
        "coordinator": factories.user("coordinator", area_obj=area, email="coord@example.fi"),
        "distributor": factories.user("distributor", org=distributor, email="dist@example.fi"),
        "venue": factories.user("venue", org=venue, email="venue@example.fi"),
    }
    keys = {"venue": create_api_key(venue), "distributor": create_api_key(distributor),
            "other_venue": create_api_key(other_venue)}
    db.session.commit()
    return type("World", (), dict(area=area, distributor=distributor, venue=venue, other_area=other_area,
                                  other_venue=other_venue, other_distributor=other_distributor,
                                  people=people, keys=keys))


class Api:
    """JSON calls with an API key."""

    def __init__(self, client, key: str):
        self.client, self.headers = client, {"Authorization": f"Bearer {key}"}

    def get(self, url, headers=None, **kw):
        return self.client.get(url, headers={**self.headers, **(headers or {})}, **kw)

    def post(self, url, json=None, headers=None, **kw):
        return self.client.post(url, json=json, headers={**self.headers, **(headers or {})}, **kw)

    def patch(self, url, json=None, headers=None, **kw):
        return self.client.patch(url, json=json, headers={**self.headers, **(headers or {})}, **kw)


@pytest.fixture
def venue_api(client, world):
    return Api(client, world.keys["venue"])


@pytest.fixture
def distributor_api(client, world):
    return Api(client, world.keys["distributor"])


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def post_form(client, url: str, data: dict):
    """A form POST carrying the session's CSRF token, as the browser sends it."""
    token = csrf_from(client.get("/").get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def login(client, email: str, password: str = factories.PASSWORD):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def login_as(client, world):
    def do(role: str):
        response = login(client, world.people[role].email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do


@pytest.fixture
def mail_server(app, monkeypatch):
    """Mail is configured (and the national centre's address); jobs and their mails run inline."""
    from tests.fake_mail import NATIONAL_CENTRE, FakeSMTP

    app.config.update(MAIL_SERVER="smtp.example", NATIONAL_CENTRE_EMAIL=NATIONAL_CENTRE, JOB_RUNNER=lambda work: work())
    monkeypatch.setattr("app.core.mail.smtplib.SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "sent", [])
    monkeypatch.setattr(FakeSMTP, "fail", False)
    return FakeSMTP
