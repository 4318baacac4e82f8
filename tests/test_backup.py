"""`flask backup` and `flask restore`: a backup restored into an empty database has every card and use."""
import uuid

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import Card, Use
from tests import conftest
from tests.factories import ActiveCardFactory, stock_card


def contents() -> tuple[list, list]:
    cards = db.session.execute(select(Card.id, Card.state, Card.valid_until).order_by(Card.id)).all()
    uses = db.session.execute(select(Use.id, Use.card_id, Use.venue_id, Use.scanned_at).order_by(Use.id)).all()
    return [tuple(row) for row in cards], [tuple(row) for row in uses]


def empty_the_database() -> None:
    db.session.remove()
    if conftest.PG_URL:
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        conftest._schema_ready = False
        db.engine.dispose()
    else:
        db.drop_all()


@pytest.mark.db
def test_a_backup_restored_into_an_empty_database_has_every_card_and_use(app, world, venue_api, tmp_path):
    cards = [ActiveCardFactory.create(world.distributor) for _ in range(3)] + [stock_card(site=world.distributor)]
    db.session.commit()
    card_ids = [card.id for card in cards]
    for card_id in card_ids[:3]:
        answer = venue_api.post("/api/v1/uses", json={"card": card_id, "client_scan_id": uuid.uuid4().hex})
        assert answer.status_code == 201
    before = contents()
    assert len(before[0]) == 4 and len(before[1]) == 3
    runner = app.test_cli_runner()
    made = runner.invoke(args=["backup", str(tmp_path / "kaikukanta.backup")])
    assert made.exit_code == 0, made.output

    refused = runner.invoke(args=["restore", str(tmp_path / "kaikukanta.backup")])
    assert refused.exit_code != 0 and "not empty" in refused.output  # never over live data by accident
    empty_the_database()
    assert not db.inspect(db.engine).get_table_names()
    restored = runner.invoke(args=["restore", str(tmp_path / "kaikukanta.backup")])
    assert restored.exit_code == 0, restored.output
    assert contents() == before
    assert venue_api.get(f"/api/v1/cards/{card_ids[0]}").get_json()["reason"] == "already_used_today"


def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path):
    empty_the_database()
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    result = app.test_cli_runner().invoke(args=["restore", str(bogus)])
    assert result.exit_code != 0 and ("not an SQLite backup" in result.output or "valid archive" in result.output)
    assert not db.inspect(db.engine).get_table_names()  # nothing half-restored
