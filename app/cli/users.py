import click
from flask.cli import AppGroup

from app.cli.common import transactional
from app.models.user import ROLES, SIDES
from app.network.people import create_user

users = AppGroup("users", help="People and their roles.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--org", "org_id", type=int, help="The site, for distributor and venue staff")
@click.option("--area", "area_id", type=int, help="The area, for coordinators")
@click.option("--side", type=click.Choice(SIDES), default="both")
@transactional
def create(email, password, role, org_id, area_id, side):
    """A person with a role and scope; prints the user id."""
    user = create_user(email=email, password=password, role=role, org_id=org_id, area_id=area_id, side=side)
    click.echo(user.id)
