import click
from flask.cli import AppGroup

from app.auth.principal import create_api_key
from app.core.errors import DomainError
from app.cli.common import transactional
from app.extensions import db
from app.models import Organisation

apikeys = AppGroup("apikeys", help="API keys for machine clients.")


@apikeys.command("create")
@click.option("--org", "org_id", type=int, required=True)
@transactional
def create(org_id):
    """A key scoped like that organisation's staff; prints the key (shown only now)."""
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise DomainError("unknown_org", f"No organisation {org_id}.")
    click.echo(create_api_key(org))
