"""Monthly reminders of the annual cycle, and feedback meetings with their invitees."""
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.geo import Area
from app.models.organisation import Organisation


class Reminder(db.Model):
    """A coordinator's reminder of the annual-cycle tasks due in one month ("YYYY-MM"). The row is
    also the mark that this person's month is done: one per person and month, whoever runs the job
    (an empty `task_ids` is kept too, and neither shown nor mailed)."""

    __tablename__ = "annual_reminder"
    __table_args__ = (UniqueConstraint("user_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    area_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    task_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    mailed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class FeedbackMeeting(db.Model):
    """An area's feedback meeting (palautekokous): when, where, and who is invited."""

    __tablename__ = "feedback_meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    meeting_date: Mapped[date]
    meeting_time: Mapped[time | None]
    place: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    stats_year: Mapped[int]
    invite_national_centre: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    sent_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    sent_count: Mapped[int] = mapped_column(default=0)
    sent_to: Mapped[list[Any]] = mapped_column(JSON, default=list)

    area: Mapped[Area] = relationship()
    invitees: Mapped[list["MeetingInvitee"]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class MeetingInvitee(db.Model):
    """An organisation of the area invited to a feedback meeting."""

    __tablename__ = "feedback_meeting_invitee"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("feedback_meeting.id", ondelete="CASCADE"),
                                            primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
