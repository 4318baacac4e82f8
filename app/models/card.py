from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.geo import Area
from app.models.organisation import Organisation

CARD_KINDS = ("client", "community")
# Only these are stored; whether a card is expired follows from valid_until and the day
# (app.cards.rules.card_state).
STORED_STATES = ("stock", "active", "inactivated")
GENDERS = ("woman", "man", "other", "not_told")
LIFE_SITUATIONS = (
    "unemployed", "student", "retired", "disability", "family_leave", "low_income_work", "other",
)
INACTIVATION_REASONS = ("lost", "replaced", "mobile_only", "misuse", "mistake")
CARD_ACTIONS = ("registered", "renewed", "inactivated", "imported")


class CardSeries(db.Model):
    """A printing run of new cards."""

    __tablename__ = "card_series"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="client")
    count: Mapped[int] = mapped_column(default=0)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(Text)
    print_status: Mapped[str] = mapped_column(String(12), default="none")
    print_progress: Mapped[int] = mapped_column(default=0)
    print_error: Mapped[str | None] = mapped_column(Text)
    print_updated_at: Mapped[datetime | None]
    print_pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))


class Card(db.Model):
    """A Kaikukortti. `id` is the printed form; `lookup_key` the normalised one used for lookup.

    Registration data never identifies the holder: no name, identity code, birth date or address.
    `expired` is not a state: it follows from `valid_until` and today's date.
    """

    __tablename__ = "card"
    # A site's cards, read from the index alone on PostgreSQL (statistics by distributor site).
    # Registrations counted by day from the index alone on PostgreSQL (app.stats.national).
    __table_args__ = (
        Index("ix_card_site_cards", "issuing_site_id", postgresql_include=["id"]),
        # A site's stock by state (its stock counts; replaces an index on allocated_site_id alone).
        Index("ix_card_site_stock", "allocated_site_id", "state"),
        # A site's cards by validity (renewals due on its figures and start pages).
        Index("ix_card_site_valid_until", "issuing_site_id", "valid_until"),
        Index("ix_card_registered_on", "registered_on", postgresql_include=[
            "first_used_on", "issuing_site_id", "issued_area_id", "municipality_code"]),
        Index("ix_card_site_registered_on", "issuing_site_id", "registered_on", postgresql_include=["first_used_on"]),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    lookup_key: Mapped[str] = mapped_column(String(40), unique=True)
    legacy: Mapped[bool] = mapped_column(default=False)
    kind: Mapped[str] = mapped_column(String(16), default="client")
    state: Mapped[str] = mapped_column(String(16), default="stock", index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("card_series.id"), index=True)
    allocated_area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    allocated_site_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    issuing_site_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    issued_area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    issued_on: Mapped[date | None]
    valid_until: Mapped[date | None] = mapped_column(index=True)
    birth_year: Mapped[int | None]
    postcode: Mapped[str | None] = mapped_column(String(5))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipality.code"))
    children: Mapped[int] = mapped_column(default=0)
    gender: Mapped[str | None] = mapped_column(String(10))
    life_situation: Mapped[str | None] = mapped_column(String(20))
    service_type: Mapped[str | None] = mapped_column(String(40))
    inactivated_reason: Mapped[str | None] = mapped_column(String(16))
    inactivated_at: Mapped[datetime | None]
    inactivated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    replacement_id: Mapped[str | None] = mapped_column(ForeignKey("card.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Kept by database triggers (app/stats/summary_sql.py): the day of the latest registration
    # (a `registered` or `imported` event) and of the first use not undone.
    registered_on: Mapped[date | None]
    first_used_on: Mapped[date | None]

    issuing_site: Mapped[Organisation | None] = relationship(foreign_keys=[issuing_site_id])
    issued_area: Mapped[Area | None] = relationship(foreign_keys=[issued_area_id])
    history: Mapped[list["CardEvent"]] = relationship(
        back_populates="card", order_by="CardEvent.at", cascade="all, delete-orphan"
    )

    def is_expired_on(self, day: date) -> bool:
        return self.valid_until is not None and day > self.valid_until


class CardEvent(db.Model):
    """A card's life: registered, renewed, inactivated, imported (no holder data here)."""

    __tablename__ = "card_event"
    # Registrations in a period (statistics), read from the index alone on PostgreSQL.
    __table_args__ = (Index("ix_card_event_registrations", "on_date", "action", postgresql_include=["card_id"]),)
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[str] = mapped_column(ForeignKey("card.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    on_date: Mapped[date | None]
    site_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(String(200))

    card: Mapped[Card] = relationship(back_populates="history")


class StockRequest(db.Model):
    """A distributor site's request to its coordinator for more cards."""

    __tablename__ = "stock_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    count: Mapped[int]
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    handled_at: Mapped[datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
