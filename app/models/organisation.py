from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.geo import Area, Municipality

ORG_KINDS = ("distributor", "venue")
CATEGORIES = ("culture", "education", "science", "sports")
APPROVAL_STATES = ("proposed", "approved", "declined", "deactivated")
# Partner: each distributor and venue acknowledges it (and cannot operate without). Coordination: the
# area's coordination agreement, acknowledged per area by its coordinators of both sides.
COMMITMENT_KINDS = ("partner", "coordination")


class Organisation(db.Model):
    """A distributor site or a venue."""

    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    approval_state: Mapped[str] = mapped_column(String(16), default="proposed")
    approved_from: Mapped[date | None]
    # The last day it operates when its end is scheduled (a continuation round's "no": 31 December);
    # until that day passes the end can be taken back.
    approved_until: Mapped[date | None]
    approval_note: Mapped[str | None] = mapped_column(Text)
    default_category: Mapped[str] = mapped_column(String(16), default="culture")
    service_type: Mapped[str | None] = mapped_column(String(40))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship()
    area: Mapped[Area] = relationship()
    acks: Mapped[list["CommitmentAck"]] = relationship(back_populates="organisation")


class CommitmentVersion(db.Model):
    """A published version of one kind of commitment text (COMMITMENT_KINDS); labels are unique per kind."""

    __tablename__ = "commitment_version"
    __table_args__ = (UniqueConstraint("kind", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="partner", server_default="partner")
    version: Mapped[str] = mapped_column(String(40))
    text_fi: Mapped[str] = mapped_column(Text)
    text_sv: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Until this day an acknowledgement of the version before still counts, so publishing does not
    # stop every desk in the country at once.
    previous_counts_until: Mapped[date | None]


class CommitmentAck(db.Model):
    __tablename__ = "commitment_ack"
    __table_args__ = (UniqueConstraint("organisation_id", "version_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("commitment_version.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="acks")
