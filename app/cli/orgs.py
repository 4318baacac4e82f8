import click
from flask.cli import AppGroup

from app.cli.common import transactional
from app.models.organisation import CATEGORIES, ORG_KINDS
from app.network.organisations import create_organisation

orgs = AppGroup("orgs", help="Organisations: distributor sites and venues.")


@orgs.command("create")
@click.option("--kind", type=click.Choice(ORG_KINDS), required=True)
@click.option("--name", required=True)
@click.option("--municipality", "municipality_code", required=True, help="Official three-digit code")
@click.option("--category", type=click.Choice(CATEGORIES), default="culture")
@click.option("--contact-name", default="")
@click.option("--contact-email", default="")
@click.option("--contact-phone", default="")
@transactional
def create(kind, name, municipality_code, category, contact_name, contact_email, contact_phone):
    """An approved organisation with an acknowledged commitment; prints its id."""
    org = create_organisation(kind=kind, name=name, municipality_code=municipality_code, category=category,
                              contact=(contact_name, contact_email, contact_phone))
    click.echo(f"{org.kind} {org.name} in area {org.area.name}")
    click.echo(org.id)
