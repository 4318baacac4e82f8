from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


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
