"""Operators' commands (`flask --app wsgi ...`). Each prints what it made alone on its last line."""
from flask import Flask

from app.cli import apikeys, cards, demo, orgs, refdata, users


def register_commands(app: Flask) -> None:
    for group in (orgs.orgs, users.users, apikeys.apikeys, cards.cards, refdata.refdata):
        app.cli.add_command(group)
    app.cli.add_command(demo.demo)
