import sqlalchemy as sa
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class WellbeingCounty(db.Model):
    __tablename__ = "wellbeing_county"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(120))
    name_sv: Mapped[str] = mapped_column(String(120))


class Area(db.Model):
    """A coordinated Kaikukortti region: one or more municipalities."""

    __tablename__ = "area"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    county_code: Mapped[str | None] = mapped_column(ForeignKey("wellbeing_county.code"))
    active: Mapped[bool] = mapped_column(default=True)
    # Where holders and partners send feedback; shown on the public pages (app.network.contacts).
    feedback_email: Mapped[str] = mapped_column(String(200), default="", server_default="")

    municipalities: Mapped[list["Municipality"]] = relationship(back_populates="area")
    county: Mapped[WellbeingCounty | None] = relationship()


class Municipality(db.Model):
    __tablename__ = "municipality"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(120))
    name_sv: Mapped[str] = mapped_column(String(120))
    county_code: Mapped[str | None] = mapped_column(ForeignKey("wellbeing_county.code"))
    population: Mapped[int] = mapped_column(default=0)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    # The majority official language ("fi" or "sv"); a bilingual municipality has the other one too.
    language: Mapped[str] = mapped_column(String(2), default="fi", server_default="fi")
    bilingual: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    area: Mapped[Area | None] = relationship(back_populates="municipalities")
    county: Mapped[WellbeingCounty | None] = relationship()

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_fi

    @property
    def official_languages(self) -> list[str]:
        """Its official languages, the majority language first."""
        other = "sv" if self.language == "fi" else "fi"
        return [self.language, other] if self.bilingual else [self.language]

    @property
    def participating(self) -> bool:
        return self.area is not None and self.area.active
