"""Induction and communication materials, and who has opened them.

A material's file is kept in the database (a deferred blob, like a background job's result): it is
then in every backup (`flask backup` copies the database only), the same on every app host, and it
goes and comes with its row in one transaction (no orphan files on a failed request). Files are
small (app.network.material_files.MAX_BYTES) and read only when someone opens one.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.extensions import db
from app.models.base import utcnow

AUDIENCES = ("distributors", "venues", "coordinators")
MATERIAL_KINDS = ("induction", "communication", "template")
MATERIAL_LANGUAGES = ("all", "fi", "sv", "en")


class Material(db.Model):
    """A file or an https link for one audience; national (area_id NULL) or an area's own."""

    __tablename__ = "material"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    audience: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(3), default="all")
    title_fi: Mapped[str] = mapped_column(String(200))
    title_sv: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    link_url: Mapped[str | None] = mapped_column(String(500))
    file_name: Mapped[str | None] = mapped_column(String(160))
    content_type: Mapped[str | None] = mapped_column(String(120))
    file_size: Mapped[int | None]
    file_data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    published_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    def title(self, lang: str) -> str:
        return {"sv": self.title_sv, "en": self.title_en}.get(lang) or self.title_fi

    def description(self, lang: str) -> str:
        return {"sv": self.description_sv, "en": self.description_en}.get(lang) or self.description_fi


class MaterialOpening(db.Model):
    """The first time a person opened a material: ends its "new" mark and the "start here" banner."""

    __tablename__ = "material_opening"
    material_id: Mapped[int] = mapped_column(ForeignKey("material.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True, index=True)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
