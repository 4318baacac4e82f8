"""`flask backup FILE` and `flask restore FILE`: the whole database, SQLite or PostgreSQL."""
from pathlib import Path

import click

from app.core.database import BackupError, backup as take_backup, is_empty, restore as put_back


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Copy the database into FILE while the app keeps running (pg_dump custom format, or an SQLite file)."""
    try:
        take_backup(file)
    except BackupError as err:
        raise click.ClickException(str(err)) from None
    click.echo(str(file))


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a database that already has tables (SQLite only).")
def restore(file: Path, replace: bool) -> None:
    """Load FILE (made by `flask backup`) into an empty database."""
    if not is_empty() and not replace:
        raise click.ClickException("The database is not empty. Restore into a new, empty database "
                                   "(or, on SQLite, pass --replace to overwrite this one).")
    try:
        put_back(file)
    except BackupError as err:
        raise click.ClickException(str(err)) from None
    click.echo(str(file))
