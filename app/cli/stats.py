import click
from flask.cli import AppGroup

from app.extensions import db
from app.models import UseDay
from app.stats import summary_sql

stats = AppGroup("stats", help="Statistics totals.")


@stats.command("recount")
def recount():
    """Count the statistics totals again from the uses and card events, and put their triggers back:
    after a bulk load that ran without triggers, or a restore from an older dump."""
    connection = db.session.connection()
    summary_sql.install(connection)
    summary_sql.rebuild(connection)
    days = db.session.query(UseDay).count()
    db.session.commit()
    click.echo(f"Statistics totals counted again: {days} venue-days.")
