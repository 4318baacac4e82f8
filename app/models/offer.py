from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.geo import Municipality
from app.models.organisation import Organisation

HOW_TO_GET = ("box_office", "phone", "enrolment", "online", "other")


class Offer(db.Model):
    """What a venue gives with Kaikukortti, shown on the public offer list and the brochure."""

    __tablename__ = "offer"
    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title_fi: Mapped[str] = mapped_column(String(200))
    title_sv: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(16), default="culture")
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    restrictions: Mapped[str] = mapped_column(Text, default="")
    how_to_get: Mapped[str] = mapped_column(String(16), default="box_office")
    how_to_get_note: Mapped[str] = mapped_column(String(300), default="")
    visible: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    venue: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()

    def text(self, field: str, lang: str) -> str:
        """The field in `lang`, falling back to Finnish where that language is missing."""
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_fi")

    def text_language(self, field: str, lang: str) -> str:
        """The language `text(field, lang)` is actually in: `lang`, or "fi" where it fell back to Finnish."""
        return lang if getattr(self, f"{field}_{lang}", "") else "fi"
