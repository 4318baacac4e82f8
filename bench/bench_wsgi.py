"""The app as gunicorn serves it, plus two endpoints registered only here (never in the product):

- /bench/ping: a one-line endpoint, the framework's ceiling on this server;
- /bench/floor/<id>: one indexed SELECT of a card by primary key through the app's own session and
  after-request commit, read the way the card check reads (app.core.reads): the database's floor.
"""
from sqlalchemy import bindparam, select

from app import create_app
from app.core.reads import read_only_connection
from app.models import Card

app = create_app()
app.add_url_rule("/bench/ping", "bench_ping", lambda: "ok")


FLOOR = select(Card.id, Card.state).where(Card.id == bindparam("card_id"))  # built once, as the hot path's


def floor(card_id: str):
    row = read_only_connection().execute(FLOOR, {"card_id": card_id}).first()
    return row.state if row else "none"


app.add_url_rule("/bench/floor/<card_id>", "bench_floor", floor)
