"""The hot path stays short: a card check by API key is one statement and a recorded use two, the
facts kept per worker (settings, commitments, keys) follow every change made here at once, and a
signed-in page does not read its person again after the commit."""
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from app.core.audit import Actor
from app.extensions import db
from app.models import ApiKey, Use
from app.models.base import utcnow
from app.network import settings as national
from tests import factories
from tests.conftest import PG_URL, Api

pytestmark = pytest.mark.db

CHECK_STATEMENTS = 1  # card, its area, today's earlier use here: one SELECT
RECORD_STATEMENTS = 2  # that SELECT (with an earlier submission of the scan) and one INSERT ... ON CONFLICT


@contextmanager
def statements():
    """The SQL statements run inside the block (transaction control such as BEGIN is not counted)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if statement.split(None, 1)[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def use(card_id: str, **more) -> dict:
    return {"card": card_id, "client_scan_id": str(uuid.uuid4()), "source": "manual", **more}


@pytest.fixture
def committed_world(world):
    """The world with a published commitment every site has acknowledged: the full check runs."""
    version = factories.publish_commitment()
    for org in (world.venue, world.distributor, world.other_venue, world.other_distributor):
        factories.acknowledge(org, version)
    db.session.commit()
    return world


def test_a_card_check_by_api_key_is_one_statement(venue_api, committed_world):
    cards = [factories.ActiveCardFactory.create(committed_world.distributor).id for _ in range(2)]
    db.session.commit()
    area_name = committed_world.area.name
    assert venue_api.get(f"/api/v1/cards/{cards[0]}").json["reason"] == "valid"  # the kept facts are read
    with statements() as seen:
        answer = venue_api.get(f"/api/v1/cards/{cards[1]}").json
    assert answer["reason"] == "valid" and answer["card"]["issued_area"] == area_name
    assert len(seen) <= CHECK_STATEMENTS, seen


def test_a_recorded_use_is_two_statements_and_a_repeat_answers_as_the_first(venue_api, committed_world):
    cards = [factories.ActiveCardFactory.create(committed_world.distributor).id for _ in range(2)]
    db.session.commit()
    assert venue_api.post("/api/v1/uses", json=use(cards[0])).status_code == 201
    body = use(cards[1])
    with statements() as seen:
        first = venue_api.post("/api/v1/uses", json=body)
    assert first.status_code == 201 and first.json["verdict"]["reason"] == "valid"
    assert len(seen) <= RECORD_STATEMENTS, seen
    again = venue_api.post("/api/v1/uses", json=body)
    assert again.status_code == 201 and again.json == first.json
    assert db.session.scalar(select(db.func.count()).select_from(Use).where(Use.card_id == cards[1])) == 1


def test_the_same_day_warning_comes_from_the_same_statement(venue_api, committed_world):
    card = factories.ActiveCardFactory.create(committed_world.distributor).id
    db.session.commit()
    assert venue_api.post("/api/v1/uses", json=use(card)).status_code == 201
    with statements() as seen:
        answer = venue_api.get(f"/api/v1/cards/{card}").json
    assert answer["reason"] == "already_used_today" and "earlier_use_at" in answer
    assert len(seen) <= CHECK_STATEMENTS


def test_changed_national_settings_count_at_once(venue_api, committed_world):
    card = factories.CommunityCardFactory.create(committed_world.distributor)
    db.session.commit()
    assert venue_api.get(f"/api/v1/cards/{card.id}").json["card"]["children_allowed"] == 9
    values = {name: getattr(national.current(), name) for name in national.LIMITS}
    national.change(committed_world.people["national_admin"], {**values, "group_limit": 4}, "smaller groups")
    db.session.commit()
    assert venue_api.get(f"/api/v1/cards/{card.id}").json["card"]["children_allowed"] == 3


def test_a_new_commitment_stops_the_site_until_it_acknowledges(venue_api, committed_world):
    card = factories.ActiveCardFactory.create(committed_world.distributor)
    db.session.commit()
    assert venue_api.get(f"/api/v1/cards/{card.id}").json["reason"] == "valid"
    from app.network import commitments

    newer = commitments.publish(committed_world.people["national_admin"], version="2027-1", text_fi="fi",
                                text_sv="sv", text_en="en", previous_counts_until=None)
    newer.previous_counts_until = None  # no transition period: the new version counts from now
    db.session.commit()
    answer = venue_api.get(f"/api/v1/cards/{card.id}").json
    assert answer["reason"] == "organisation_not_active" and answer["site_problem"] == "commitment_missing"
    factories.acknowledge(committed_world.venue, newer)
    db.session.commit()
    assert venue_api.get(f"/api/v1/cards/{card.id}").json["reason"] == "valid"


def test_a_site_no_longer_approved_cannot_record_at_once(venue_api, committed_world):
    card = factories.ActiveCardFactory.create(committed_world.distributor)
    db.session.commit()
    assert venue_api.get(f"/api/v1/cards/{card.id}").json["reason"] == "valid"
    committed_world.venue.approval_state = "deactivated"
    db.session.commit()
    assert venue_api.post("/api/v1/uses", json=use(card.id)).json["verdict"]["reason"] == "organisation_not_active"


def test_a_revoked_api_key_is_refused_at_once(client, committed_world):
    card = factories.ActiveCardFactory.create(committed_world.distributor)
    db.session.commit()
    api = Api(client, committed_world.keys["venue"])
    assert api.get(f"/api/v1/cards/{card.id}").status_code == 200
    for key in db.session.scalars(select(ApiKey).where(ApiKey.organisation_id == committed_world.venue.id)):
        key.revoked_at = utcnow()
    db.session.commit()
    assert api.get(f"/api/v1/cards/{card.id}").status_code == 401


def test_a_change_rolled_back_is_not_kept(venue_api, committed_world):
    card = factories.CommunityCardFactory.create(committed_world.distributor)
    db.session.commit()
    values = {name: getattr(national.current(), name) for name in national.LIMITS}
    national.change(committed_world.people["national_admin"], {**values, "group_limit": 4}, "not saved")
    assert national.current().group_limit == 4  # this transaction sees its own change
    db.session.rollback()
    assert venue_api.get(f"/api/v1/cards/{card.id}").json["card"]["children_allowed"] == 9


def test_the_desk_records_for_a_person_as_before(login_as, committed_world):
    """A signed-in person (not an API key) records through the same path with an Organisation."""
    from app.cards import desk

    card = factories.ActiveCardFactory.create(committed_world.distributor)
    db.session.commit()
    recorded, verdict = desk.record_use(use(card.id), venue=committed_world.venue, actor=Actor())
    db.session.commit()
    assert recorded is not None and verdict["reason"] == "valid" and recorded.card.id == card.id


@pytest.mark.parametrize("role, url", [("venue", "/scan"), ("distributor", "/issue"), ("national_admin", "/admin"),
                                       ("coordinator", "/admin"), ("coordinator", "/admin/audit")])
def test_a_signed_in_page_reads_its_person_once(login_as, committed_world, role, url):
    client = login_as(role)
    assert client.get(url).status_code == 200
    with statements() as seen:
        assert client.get(url).status_code == 200
    assert sum("FROM user_account" in statement for statement in seen) == 1, seen


def test_the_national_start_page_reads_the_areas_in_a_fixed_number_of_statements(login_as, committed_world):
    client = login_as("national_admin")
    with statements() as few:
        assert client.get("/admin").status_code == 200
    for name, codes in (("Lappi", ("698",)), ("Pirkanmaa", ("837",)), ("Varsinais-Suomi", ("853",))):
        factories.area(name, codes)
    db.session.commit()
    with statements() as more:
        page = client.get("/admin").get_data(as_text=True)
    assert "Pirkanmaa" in page and len(more) == len(few)


@pytest.mark.postgres_only
@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_a_connection_dropped_while_idle_is_replaced_before_a_request_gets_it():
    """Without pool_pre_ping on every checkout, a connection idle in the pool is still tested first."""
    from sqlalchemy import create_engine, text

    from app.core.reads import ping_idle_connections
    from tests.conftest import database_url

    engine = create_engine(database_url(), pool_size=1)
    ping_idle_connections(engine, idle_seconds=0)
    with engine.connect() as connection:
        first = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    with create_engine(database_url()).connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar() != first
    engine.dispose()
