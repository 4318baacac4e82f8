from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow


class AnnualChecklist(db.Model):
    """That an area's checklist for a year has been made from the template (once, even when two
    first views race; an emptied checklist stays empty)."""

    __tablename__ = "annual_checklist"
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class AnnualTask(db.Model):
    """One line of an area's annual-cycle checklist (vuosikello) for one year."""

    __tablename__ = "annual_task"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    year: Mapped[int]
    month_from: Mapped[int]
    month_to: Mapped[int]
    party: Mapped[str] = mapped_column(String(20))
    text_fi: Mapped[str] = mapped_column(Text)
    text_sv: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
