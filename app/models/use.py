from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import helsinki_date, utcnow
from app.models.card import Card
from app.models.organisation import Organisation

SOURCES = ("camera_qr", "camera_code39", "server_decode", "manual", "keyboard_scanner", "offline_sync")


class Event(db.Model):
    """A performance or course at a venue, with an optional Kaikukortti quota."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    capacity: Mapped[int]
    quota: Mapped[int | None]
    sold_out: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    venue: Mapped[Organisation] = relationship()


def _helsinki_day(context) -> date:
    return helsinki_date(context.get_current_parameters()["scanned_at"])


class Use(db.Model):
    """One recorded use at a venue. An undo is recorded, never deleted."""

    __tablename__ = "card_use"
    # Statistics read uses by period, by venue and period, or by card (a site's cards, "used at
    # least once"); on PostgreSQL each index also carries what the counts sum, so they are read
    # from the index alone (bench/bench_stats.py).
    __table_args__ = (
        UniqueConstraint("venue_id", "client_scan_id"),
        Index("ix_card_use_period", "scanned_at", postgresql_include=[
            "undone_at", "category", "adults", "children", "assistants", "venue_id", "card_id"]),
        Index("ix_card_use_venue_period", "venue_id", "scanned_at", postgresql_include=[
            "undone_at", "category", "adults", "children", "assistants", "card_id", "event_id"]),
        # By card and venue first: the desk's "already used here today" reads a card's few uses there.
        Index("ix_card_use_card_period", "card_id", "venue_id", "scanned_at", postgresql_include=[
            "undone_at", "category", "adults", "children", "assistants"]),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    client_scan_id: Mapped[str] = mapped_column(String(64))
    card_id: Mapped[str] = mapped_column(ForeignKey("card.id"))
    venue_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"))
    scanned_at: Mapped[datetime]
    # The Helsinki day of scanned_at, which statistics count by (kept with it on insert).
    scanned_on: Mapped[date] = mapped_column(default=_helsinki_day)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    category: Mapped[str] = mapped_column(String(16))
    adults: Mapped[int] = mapped_column(default=1)
    children: Mapped[int] = mapped_column(default=0)
    assistants: Mapped[int] = mapped_column(default=0)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    warning: Mapped[str | None] = mapped_column(String(30))
    verdict: Mapped[dict] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    card: Mapped[Card] = relationship()
    venue: Mapped[Organisation] = relationship()
    event: Mapped[Event | None] = relationship()

    @property
    def tickets(self) -> int:
        return self.adults + self.children


class RefusedScan(db.Model):
    """Audit trail of refused scans: the reason and the raw code, nothing about the holder."""

    __tablename__ = "refused_scan"
    __table_args__ = (Index("ix_refused_scan_venue_at", "venue_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(String(30))
    raw_code: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(20))
    client_scan_id: Mapped[str | None] = mapped_column(String(64))


@event.listens_for(Use, "before_insert")
@event.listens_for(Use, "before_update")
def _keep_scanned_on(_mapper, _connection, use: Use) -> None:
    """An ORM write keeps scanned_on with scanned_at, also when scanned_at is changed later."""
    if use.scanned_at is not None:
        use.scanned_on = helsinki_date(use.scanned_at)
