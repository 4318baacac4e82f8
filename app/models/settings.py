from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow

DEFAULTS = {
    "validity_months": 12,
    "child_age_limit": 18,
    "quota_percent": 3,
    "group_limit": 10,
    "undo_hours": 24,
}


class NationalSettings(db.Model):
    """The one row of national settings (id 1)."""

    __tablename__ = "national_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    validity_months: Mapped[int] = mapped_column(default=12)
    child_age_limit: Mapped[int] = mapped_column(default=18)
    quota_percent: Mapped[int] = mapped_column(default=3)
    group_limit: Mapped[int] = mapped_column(default=10)
    undo_hours: Mapped[int] = mapped_column(default=24)
    note: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @classmethod
    def current(cls) -> "NationalSettings":
        """The settings in force; the defaults until someone saves a change (reading never writes,
        so concurrent requests cannot collide on creating the row)."""
        return db.session.get(cls, 1) or cls(id=1, **DEFAULTS)
