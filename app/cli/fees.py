from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
from flask.cli import AppGroup

from app.core.errors import DomainError
from app.stats import exports, fees as fee_split

fees = AppGroup("fees", help="The yearly database fee.")


def euros(ctx, param, value: str) -> Decimal:
    try:
        amount = Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise click.BadParameter("give euros, such as 12500 or 12500.50") from None
    if not amount.is_finite() or not 0 <= amount <= 100_000_000 or amount != amount.quantize(Decimal("0.01")):
        raise click.BadParameter("give euros from 0 to 100,000,000 with at most two decimals")
    return amount


@fees.command("split")
@click.option("--year", type=click.IntRange(2000, 2100), required=True)
@click.option("--total", type=str, callback=euros, required=True, help="The year's total fee in euros.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@click.option("--plain", is_flag=True, help="Comma-separated UTF-8 with a decimal point, instead of Finnish Excel.")
def split(year, total, out, plain):
    """The invoice basis: half of TOTAL to the participating municipalities, half to their wellbeing
    counties, each by population, after the areas' agreed shares stored for YEAR. Writes a CSV
    (`party, code, name, population, euros`; by default for Finnish Excel: BOM, `;`, decimal comma)
    and prints the number of rows written."""
    try:
        basis = fee_split.split_fee(year, total, fee_split.stored_agreements(year))
    except DomainError as err:
        raise click.ClickException(err.message) from None
    rows = fee_split.table(basis, "plain" if plain else "excel")
    out.write_bytes(exports.to_csv(fee_split.COLUMNS, rows, plain=plain))
    municipalities, counties = basis.side_total("municipality"), basis.side_total("county")
    count = {party: sum(row.party == party for row in basis.rows) for party in fee_split.PARTIES}
    click.echo(f"{year}: total {basis.total} EUR, {basis.population} residents in participating municipalities")
    click.echo(f"{count['municipality']} municipalities {municipalities} EUR + {count['county']} counties "
               f"{counties} EUR = {municipalities + counties} EUR"
               f" ({'matches' if municipalities + counties == basis.total else 'DOES NOT MATCH'} the total)")
    if basis.agreed_areas:
        click.echo(f"{len(basis.agreed_areas)} areas with their own agreed share")
    click.echo(f"written to {out}")
    click.echo(len(basis.rows))
