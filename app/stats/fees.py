"""The yearly database fee split into the invoice basis: who pays how many euros.

Half of the total goes to the municipalities (the culture side) and half to the wellbeing
counties (the sote side); each half is apportioned by population among the participating ones.

- A municipality participates when it belongs to an active area (`Municipality.participating`).
- A wellbeing county participates when at least one of its municipalities participates, and it
  pays for the residents of those municipalities only: Keusote pays for its three towns in
  Kaikukortti (~130,500 residents), not for all of its municipalities. So both halves are spread
  over the same residents and the per-resident rate is the same on both sides.
- An odd cent of the total goes to the municipalities' half.

Areas that have agreed their own share (`DatabaseFeeOverride`, active areas only) are taken out
first, side by side: an area's agreed municipalities' euros are shared among its municipalities by
population, its agreed county euros among the counties of its municipalities by their residents
in the area; what is left of the half is then shared by population among everyone not covered by
an agreement on that side. A side without an agreement is split as usual.

Money is exact: amounts are whole cents, and every share is rounded with the largest remainder
method, so that an agreement's parts sum to it and every half sums exactly to its amount.
"""
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core.errors import DomainError
from app.extensions import db
from app.models import Area, DatabaseFee, DatabaseFeeOverride, Municipality, WellbeingCounty
from app.models.fee import CENT, cents_to_euros

PARTIES = ("municipality", "county")
COLUMNS = ("party", "code", "name", "population", "euros")


@dataclass(frozen=True)
class Agreement:
    """An area's own share for one year, in cents; None leaves that side to the split."""

    municipalities_cents: int | None = None
    county_cents: int | None = None


@dataclass(frozen=True)
class FeeRow:
    party: str
    code: str
    name: str
    population: int
    euros: Decimal


@dataclass(frozen=True)
class FeeSplit:
    year: int
    total: Decimal
    rows: list[FeeRow]
    agreed_areas: list[int]

    def side_total(self, party: str) -> Decimal:
        return sum((row.euros for row in self.rows if row.party == party), Decimal("0.00"))

    @property
    def population(self) -> int:
        return sum(row.population for row in self.rows if row.party == "municipality")


def euros_to_cents(euros: Decimal) -> int:
    return int((euros / CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apportion(cents: int, weights: Mapping[Hashable, int]) -> dict[Hashable, int]:
    """`cents` shared in proportion to `weights` by the largest remainder method: everyone gets the
    floor of their exact share, and the cents left over go one each to the largest remainders
    (ties to the larger weight, then in key order). The parts always sum to `cents`."""
    total_weight = sum(weights.values())
    if total_weight <= 0:
        if cents:
            raise DomainError("nobody_to_pay", _("There are no participating residents to share %(euros)s € among.",
                                                 euros=cents_to_euros(cents)), field="total")
        return {key: 0 for key in weights}
    floors = {key: cents * weight // total_weight for key, weight in weights.items()}
    left = cents - sum(floors.values())
    order = sorted(weights, key=lambda key: (-(cents * weights[key] % total_weight), -weights[key], str(key)))
    for key in order[:left]:
        floors[key] += 1
    return floors


def participating_population() -> list[tuple[Municipality, int]]:
    """Participating municipalities, each with its area id, by code."""
    rows = db.session.execute(select(Municipality, Municipality.area_id).join(Area, Municipality.area_id == Area.id)
                              .where(Area.active.is_(True)).order_by(Municipality.code))
    return [(municipality, area_id) for municipality, area_id in rows]


def county_residents() -> dict[tuple[str, int], int]:
    """(county code, area id) -> residents of the participating municipalities, counted by the database."""
    rows = db.session.execute(
        select(Municipality.county_code, Municipality.area_id, func.sum(Municipality.population))
        .join(Area, Municipality.area_id == Area.id).where(Area.active.is_(True), Municipality.county_code.is_not(None))
        .group_by(Municipality.county_code, Municipality.area_id))
    return {(county, area_id): int(residents or 0) for county, area_id, residents in rows}


def _side(cents: int, weights: Mapping[tuple[str, int], int], agreed: Mapping[int, int]) -> dict[str, int]:
    """One half: `weights` are keyed (party code, area id); `agreed` maps area id -> its agreed cents."""
    taken = sum(agreed.values())
    if taken > cents:
        raise DomainError("agreements_too_large", _("The agreed shares (%(agreed)s €) are more than the half they "
                                                    "come out of (%(half)s €).", agreed=cents_to_euros(taken),
                                                    half=cents_to_euros(cents)))
    everyone_else: dict[str, int] = defaultdict(int)
    in_agreement: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (code, area_id), weight in weights.items():
        (in_agreement[area_id] if area_id in agreed else everyone_else)[code] += weight
    paid: dict[str, int] = defaultdict(int)
    shares = [apportion(agreed_cents, in_agreement[area_id]) for area_id, agreed_cents in agreed.items()]
    for share in [*shares, apportion(cents - taken, everyone_else)]:
        for code, part in share.items():
            paid[code] += part
    return paid


def split_fee(year: int, total: Decimal, agreements: Mapping[int, Agreement] | None = None,
              lang: str = "fi") -> FeeSplit:
    """The invoice basis for `total` euros: one row per participating municipality, then one per
    participating county, each by code. `agreements` maps area id -> that area's agreed share."""
    if total < 0:
        raise DomainError("negative_total", _("The total cannot be negative."), field="total")
    total_cents = euros_to_cents(total)
    municipalities = participating_population()
    residents = county_residents()
    active_areas = {area_id for _municipality, area_id in municipalities}
    agreements = {area_id: deal for area_id, deal in (agreements or {}).items() if area_id in active_areas}
    culture = {area_id: deal.municipalities_cents for area_id, deal in agreements.items()
               if deal.municipalities_cents is not None}
    sote = {area_id: deal.county_cents for area_id, deal in agreements.items() if deal.county_cents is not None}
    populations = {(m.code, area_id): m.population for m, area_id in municipalities}
    municipality_cents = _side((total_cents + 1) // 2, populations, culture)
    county_cents = _side(total_cents // 2, dict(residents), sote)
    rows = [FeeRow("municipality", m.code, m.name(lang), m.population,
                   cents_to_euros(municipality_cents.get(m.code, 0))) for m, _area_id in municipalities]
    county_population: dict[str, int] = defaultdict(int)
    for (code, _area_id), people in residents.items():
        county_population[code] += people
    counties = db.session.scalars(select(WellbeingCounty).where(WellbeingCounty.code.in_(county_population))
                                  .order_by(WellbeingCounty.code))
    rows += [FeeRow("county", c.code, c.name_sv if lang == "sv" else c.name_fi, county_population[c.code],
                    cents_to_euros(county_cents.get(c.code, 0))) for c in counties]
    return FeeSplit(year, cents_to_euros(total_cents), rows, sorted(agreements))


def stored_fee(year: int) -> DatabaseFee | None:
    return db.session.get(DatabaseFee, year)


def stored_agreements(year: int) -> dict[int, Agreement]:
    rows = db.session.scalars(select(DatabaseFeeOverride).where(DatabaseFeeOverride.year == year))
    return {row.area_id: Agreement(row.municipalities_cents, row.county_cents) for row in rows}


def stored_split(year: int, lang: str = "fi") -> FeeSplit | None:
    """The split of a year's stored total with its stored agreements; None when no total is entered.
    Raises DomainError when the agreements no longer fit (say, after the total was lowered)."""
    fee = stored_fee(year)
    return None if fee is None else split_fee(year, fee.total_euros, stored_agreements(year), lang)


MONEY = {
    "excel": lambda euros: f"{euros:.2f}".replace(".", ","),  # Finnish Excel reads a decimal comma
    "plain": lambda euros: f"{euros:.2f}",
    "number": float,  # a spreadsheet cell; two decimals survive a float exactly enough to show
}


def table(split: FeeSplit, money: str = "plain") -> list[list[object]]:
    """The rows in COLUMNS order for an export, euros written as MONEY[money] says."""
    write = MONEY[money]
    return [[row.party, row.code, row.name, row.population, write(row.euros)] for row in split.rows]
