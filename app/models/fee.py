"""The yearly national database fee and the areas that have agreed their own share of it.

Money is stored in whole cents (integers) so that SQLite and PostgreSQL hold it exactly alike.
"""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow

CENT = Decimal("0.01")


def cents_to_euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) * CENT).quantize(CENT)


class DatabaseFee(db.Model):
    """A year's total database fee, entered by the national admin."""

    __tablename__ = "database_fee"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    total_cents: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def total_euros(self) -> Decimal:
        return cents_to_euros(self.total_cents)


class DatabaseFeeOverride(db.Model):
    """An area's agreed share of a year's fee: what its municipalities pay together (culture side)
    and what its wellbeing county pays for it (sote side). Either may be left to the split."""

    __tablename__ = "database_fee_override"
    year: Mapped[int] = mapped_column(ForeignKey("database_fee.year"), primary_key=True, autoincrement=False)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), primary_key=True, autoincrement=False)
    municipalities_cents: Mapped[int | None] = mapped_column(BigInteger)
    county_cents: Mapped[int | None] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def municipalities_euros(self) -> Decimal | None:
        return cents_to_euros(self.municipalities_cents)

    @property
    def county_euros(self) -> Decimal | None:
        return cents_to_euros(self.county_cents)
