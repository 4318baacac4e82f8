"""The yearly database fee as the national admin enters it: the year's total and the areas that
have agreed their own share. National admin only, audited; the split itself is app.stats.fees."""
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core.audit import actor_of, audit
from app.core.errors import DomainError, refuse
from app.extensions import db
from app.models import Area, DatabaseFee, DatabaseFeeOverride
from app.models.base import utcnow
from app.models.fee import CENT, cents_to_euros
from app.network.scope import is_national

FIRST_YEAR, LAST_YEAR = 2000, 2100
LARGEST_TOTAL = Decimal("10000000.00")


def _cents(euros: Decimal) -> int:
    return int(euros.quantize(CENT) / CENT)


def _money(euros: Decimal | None, field: str) -> int | None:
    if euros is None:
        return None
    if not Decimal(0) <= euros <= LARGEST_TOTAL or euros != euros.quantize(CENT):
        raise DomainError("bad_amount", _("Give euros and cents from 0 to 10,000,000."), field=field)
    return _cents(euros)


def years() -> list[DatabaseFee]:
    return list(db.session.scalars(select(DatabaseFee).order_by(DatabaseFee.year.desc())))


def agreements(year: int) -> list[tuple[Area, DatabaseFeeOverride]]:
    return list(db.session.execute(select(Area, DatabaseFeeOverride).join(DatabaseFeeOverride)
                                   .where(DatabaseFeeOverride.year == year).order_by(Area.name)).tuples())


def active_areas() -> list[Area]:
    return list(db.session.scalars(select(Area).where(Area.active.is_(True)).order_by(Area.name)))


def set_total(principal, year: int, total: Decimal, replace: bool = False) -> DatabaseFee:
    """Enter a year's total; replacing one already entered needs `replace` (the admin confirms)."""
    if not is_national(principal):
        refuse()
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError("bad_year", _("Give a year from %(low)d to %(high)d.", low=FIRST_YEAR, high=LAST_YEAR),
                          field="year")
    cents = _money(total, "total")
    fee = db.session.get(DatabaseFee, year)
    if fee is not None and fee.total_cents != cents and not replace:
        raise DomainError("fee_exists", _("%(year)d already has a total of %(euros)s €. Tick the box to replace it.",
                                          year=year, euros=fee.total_euros), field="replace")
    old = None if fee is None else str(fee.total_euros)
    if fee is None:
        fee = DatabaseFee(year=year, total_cents=cents)
        db.session.add(fee)
    fee.total_cents, fee.changed_at, fee.changed_by_id = cents, utcnow(), principal.id
    audit(actor_of(principal), "fee_total_set", "database_fee", year,
          old={"total_euros": old}, new={"total_euros": str(cents_to_euros(cents))})
    db.session.flush()
    return fee


def set_agreement(principal, year: int, area_id: int, municipalities: Decimal | None,
                  county: Decimal | None) -> DatabaseFeeOverride | None:
    """An area's agreed share for a year (either side may be left to the split); both left empty
    removes the agreement."""
    if not is_national(principal):
        refuse()
    fee = db.session.get(DatabaseFee, year)
    if fee is None:
        raise DomainError("no_total", _("Enter the year's total first."))
    area = db.session.get(Area, area_id)
    if area is None or not area.active:
        raise DomainError("bad_area", _("Choose an active area."), field="area_id")
    values = {"municipalities_euros": _money(municipalities, "municipalities"),
              "county_euros": _money(county, "county")}
    _check_fits(fee, area_id, values["municipalities_euros"], values["county_euros"])
    row = db.session.get(DatabaseFeeOverride, (year, area_id))
    old = dict.fromkeys(values) if row is None else \
        {"municipalities_euros": row.municipalities_cents, "county_euros": row.county_cents}
    if all(cents is None for cents in values.values()):
        if row is None:
            return None
        db.session.delete(row)
        row = None
    else:
        if row is None:
            row = DatabaseFeeOverride(year=year, area_id=area_id)
            db.session.add(row)
        row.municipalities_cents, row.county_cents = values["municipalities_euros"], values["county_euros"]
        row.changed_at, row.changed_by_id = utcnow(), principal.id
    audit(actor_of(principal), "fee_agreement_set", "database_fee", year, area_id=area_id, area=area_id,
          old={name: _shown(cents) for name, cents in old.items()},
          new={name: _shown(cents) for name, cents in values.items()})
    db.session.flush()
    return row


def _check_fits(fee: DatabaseFee, area_id: int, municipalities: int | None, county: int | None) -> None:
    """The agreements of a year, this area's new one included, must fit in their halves (the odd
    cent of the total is the municipalities')."""
    others = db.session.execute(
        select(func.coalesce(func.sum(DatabaseFeeOverride.municipalities_cents), 0),
               func.coalesce(func.sum(DatabaseFeeOverride.county_cents), 0))
        .where(DatabaseFeeOverride.year == fee.year, DatabaseFeeOverride.area_id != area_id)).one()
    halves = {"municipalities": (fee.total_cents + 1) // 2, "county": fee.total_cents // 2}
    for field, taken, new in (("municipalities", others[0], municipalities), ("county", others[1], county)):
        if int(taken) + (new or 0) > halves[field]:
            raise DomainError("agreements_too_large", _("The agreed shares would be more than the half they come "
                                                        "out of (%(half)s €).", half=cents_to_euros(halves[field])),
                              field=field)


def _shown(cents: int | None) -> str | None:
    return None if cents is None else str(cents_to_euros(cents))
