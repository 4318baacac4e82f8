"""Continuation rounds: the autumn question to an area's sites, and their answers."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.geo import Area
from app.models.organisation import Organisation

# The side a round asks: the area's distributor sites (sote side) or its venues (culture side),
# named by the kind of organisation asked.
ROUND_SIDES = ("distributor", "venue")
ANSWERS = ("yes", "no", "yes_with_changes")


class ContinuationRound(db.Model):
    """"Does your site continue in Kaikukortti next year?", asked of one area's sites of one kind."""

    __tablename__ = "continuation_round"
    __table_args__ = (UniqueConstraint("area_id", "side", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    side: Mapped[str] = mapped_column(String(16))
    year: Mapped[int]  # the year asked about
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    area: Mapped[Area] = relationship()
    answers: Mapped[list["ContinuationAnswer"]] = relationship(back_populates="round", cascade="all, delete-orphan")

    def is_open(self, on: date) -> bool:
        return self.closed_at is None and self.opens_on <= on <= self.closes_on


class ContinuationAnswer(db.Model):
    """One asked site's answer; made when the round opens, `answer` empty until the site answers."""

    __tablename__ = "continuation_answer"
    __table_args__ = (UniqueConstraint("round_id", "organisation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("continuation_round.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    answer: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The last day the round's closing scheduled for a "no" (31 December before the round's year).
    end_scheduled: Mapped[date | None]

    round: Mapped[ContinuationRound] = relationship(back_populates="answers")
    organisation: Mapped[Organisation] = relationship()
