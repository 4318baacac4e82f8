"""The distributor list an area submits for next year, and the national centre's review.

The entries are a snapshot taken when the coordinator prepares the list: once approved, the list
(and so the public list of places and the brochure from 1 January of its year) stays as approved,
even when an organisation's name or contact details change afterwards.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.geo import Area, Municipality

LIST_STATES = ("draft", "submitted", "commented", "approved")


class DistributorList(db.Model):
    """One area's distributor list for one year."""

    __tablename__ = "distributor_list"
    __table_args__ = (UniqueConstraint("area_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    year: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), default="draft")
    prepared_at: Mapped[datetime] = mapped_column(default=utcnow)
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    review_comment: Mapped[str | None] = mapped_column(Text)

    area: Mapped[Area] = relationship()
    entries: Mapped[list["DistributorListEntry"]] = relationship(
        back_populates="distributor_list", cascade="all, delete-orphan", order_by="DistributorListEntry.name")


class DistributorListEntry(db.Model):
    """A distributor site on the list, as it was when the list was prepared."""

    __tablename__ = "distributor_list_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("distributor_list.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    service_type: Mapped[str | None] = mapped_column(String(40))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # Starts in the list's year (approved_from then), or proposed and not yet approved.
    new_partner: Mapped[bool] = mapped_column(default=False)
    awaiting_approval: Mapped[bool] = mapped_column(default=False)

    distributor_list: Mapped[DistributorList] = relationship(back_populates="entries")
    municipality: Mapped[Municipality] = relationship()
