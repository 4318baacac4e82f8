"""Contacts: an area's coordinators' details and feedback address, and changes the national centre is told of;
and the acknowledgements of the area's coordination commitment by its coordinators of both sides."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.user import User

# The two sides of an area's coordination (Membership.side "both" covers them both).
COORDINATION_SIDES = ("culture", "sote")
# What a recorded contact change was about.
CONTACT_CHANGE_KINDS = ("organisation", "contact_added", "contact_changed", "contact_removed", "feedback_email")


class CoordinationAck(db.Model):
    """One side's coordinator acknowledged a version of the coordination commitment for the area."""

    __tablename__ = "coordination_ack"
    __table_args__ = (UniqueConstraint("area_id", "version_id", "side"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("commitment_version.id"))
    side: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()


class AreaContact(db.Model):
    """A coordinator's (or another named contact's) work contact details for an area. Coordinators'
    names may be kept; cardholders' never are."""

    __tablename__ = "area_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    side: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    public: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()

    @property
    def shown_email(self) -> str:
        """The address typed for the contact, else the linked person's own."""
        return self.email or (self.user.email if self.user is not None else "")


class ContactChange(db.Model):
    """A change of an organisation's contact person or of an area's contacts, for the national centre to see."""

    __tablename__ = "contact_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    subject: Mapped[str] = mapped_column(String(200))  # the organisation's or the contact's name
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {field: {"before": .., "after": ..}}
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    seen_at: Mapped[datetime | None]
    seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
