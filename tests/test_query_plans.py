"""Every query of the hot path and of the busiest signed-in pages can be answered from an index on
PostgreSQL: at national scale (1,000,000 cards, 5,000,000 uses) a sequential scan of card, card_use,
card_event or audit_entry is what made pages many times slower than on a small database.

Each request runs as a user would make it; every SELECT it sent is then explained with sequential
scans priced out (`SET LOCAL enable_seqscan = off`): if the plan still reads one of those tables
from end to end, no index can answer that query."""
import re
import uuid

import pytest
from sqlalchemy import event, text

from app.core.audit import Actor, audit
from app.extensions import db
from tests import factories
from tests.conftest import PG_URL, Api, login

pytestmark = [pytest.mark.postgres_only,
              pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (TEST_DATABASE_URL); CI always sets it")]

BIG_TABLES = ("card", "card_use", "card_event", "audit_entry")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def sent_by(request) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, parameters, *_args):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = request()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert response.status_code in (200, 201), response.get_data(as_text=True)[:500]
    return seen


def full_scans(statement: str, parameters) -> set[str]:
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = db.session.connection().exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()
    db.session.rollback()
    return {table for table in SEQ_SCAN.findall("\n".join(plan)) if table in BIG_TABLES}


@pytest.fixture
def busy_world(world):
    version = factories.publish_commitment()
    for org in (world.venue, world.distributor, world.other_venue, world.other_distributor):
        factories.acknowledge(org, version)
    cards = [factories.ActiveCardFactory.create(world.distributor) for _ in range(5)]
    factories.stock_card(site=world.distributor)
    for number in range(5):
        audit(Actor(), "org_approved", "organisation", str(number), world.area.id)
    db.session.commit()
    world.card_ids = [card.id for card in cards]
    return world


def requests(app, world):
    api = Api(app.test_client(), world.keys["venue"])
    card = world.card_ids[0]
    yield "card check", lambda: api.get(f"/api/v1/cards/{card}")
    yield "record a use", lambda: api.post("/api/v1/uses", json={"card": card, "client_scan_id": str(uuid.uuid4()),
                                                                  "source": "manual", "confirm_repeat": True})
    yield "uses today", lambda: api.get("/api/v1/uses/today")
    pages = {"venue": ["/scan"], "distributor": ["/issue", "/issue/figures", "/issue/stock", f"/issue/cards/{card}"],
             "coordinator": ["/admin", "/admin/audit", "/admin/audit?action=org_approved", "/admin/stock"],
             "national_admin": ["/admin", "/admin/audit", "/admin/audit?action=org_approved&page=1"]}
    for role, urls in pages.items():
        client = app.test_client()  # a browser of its own for each person
        yield f"sign in as {role}", lambda role=role, client=client: login(client, world.people[role].email)
        for url in urls:
            yield f"{role} {url}", lambda url=url, client=client: client.get(url)


def test_no_hot_path_or_page_query_reads_a_big_table_from_end_to_end(app, busy_world):
    found, explained = {}, 0
    for name, request in requests(app, busy_world):
        if name.startswith("sign in"):
            assert request().status_code == 302
            continue
        for statement, parameters in sent_by(request):
            explained += 1
            scans = full_scans(statement, parameters)
            if scans:
                found[f"{name}: {' '.join(statement.split())[:300]}"] = sorted(scans)
    assert not found, found
    assert explained >= 20  # every request above was explained, not skipped


def test_the_check_itself_sees_a_query_no_index_answers(busy_world):
    assert full_scans("SELECT id FROM card WHERE postcode = %(postcode)s", {"postcode": "00100"}) == {"card"}
