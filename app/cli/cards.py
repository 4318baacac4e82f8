from pathlib import Path

import click
from flask.cli import AppGroup

from app.cards.importer import apply_import, plan_import
from app.printing.jobs import render_series
from app.cards.series import generate_series, write_printer_csv
from app.cli.common import transactional
from app.extensions import db
from app.models import CardSeries
from app.models.base import helsinki_date, utcnow
from app.models.card import CARD_KINDS

cards = AppGroup("cards", help="Card series and imports.")


@cards.command("generate")
@click.option("--count", type=int, required=True)
@click.option("--kind", type=click.Choice(CARD_KINDS), default="client")
@click.option("--area", "area_id", type=int)
@click.option("--site", "site_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@transactional
def generate(count, kind, area_id, site_id, out):
    """A new series for the printer (CSV: id, qr_payload, code39); prints the series id."""
    series = generate_series(count, kind=kind, area_id=area_id, site_id=site_id)
    with open(out, "w", encoding="utf-8", newline="") as f:
        written = write_printer_csv(series, f)
    click.echo(f"{written} cards written to {out}")
    click.echo(series.id)


@cards.command("import")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@transactional
def import_cards(path):
    """Cards from the previous system (CSV or .xlsx); any error imports nothing. Prints the number imported."""
    plan = plan_import(path.read_bytes(), helsinki_date(utcnow()))
    for line, column, message in plan.errors:
        click.echo(f"row {line}, column {column}: {message}" if column else f"row {line}: {message}", err=True)
    if plan.errors:
        raise click.ClickException(f"{len(plan.errors)} errors; nothing was imported.")
    click.echo(apply_import(plan))


@cards.command("print")
@click.option("--series", "series_id", type=int, required=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@transactional
def print_series(series_id, out):
    """The print-ready PDF of a series (proof page, then ten cards per A4 sheet); prints the file's path."""
    series = db.session.get(CardSeries, series_id)
    if series is None:
        raise click.ClickException(f"No card series {series_id}.")
    out.write_bytes(render_series(series))
    click.echo(f"Series {series.id}: {series.count} cards")
    click.echo(out)
