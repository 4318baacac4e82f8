import click
from flask.cli import AppGroup

from app.network import refdata as data
from app.extensions import db

refdata = AppGroup("refdata", help="Reference data: counties and municipalities.")


@refdata.command("load")
def load():
    """Add the shipped counties and municipalities that are missing."""
    added = data.load(db.session.connection())
    db.session.commit()
    click.echo(added)
