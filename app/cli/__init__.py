"""Operators' commands (`flask --app wsgi ...`). Each prints what it made alone on its last line.

Belongs here: one module per command group, each parsing its options, calling a domain and
committing. No rule is written here that a screen also needs.

May import: the domains, app.core, app.models, app.extensions, and app.auth's API-key helper.
Never a view module.
"""
from flask import Flask

from app.cli import apikeys, backup, cards, demo, fees, jobs, orgs, refdata, stats, users


def register_commands(app: Flask) -> None:
    for group in (orgs.orgs, users.users, apikeys.apikeys, cards.cards, refdata.refdata, fees.fees, jobs.jobs,
                  stats.stats):
        app.cli.add_command(group)
    for command in (demo.demo, backup.backup, backup.restore):
        app.cli.add_command(command)
