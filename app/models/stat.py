"""Running totals for statistics, kept by database triggers in the same transaction as the use or
the registration (app/stats/summary_sql.py): every figure is exact and live, and a national
dashboard reads thousands of rows instead of millions. Never written by the app itself. Only what
compresses is kept: a distributor site's own figures read its uses directly."""
from datetime import date

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


# Every total is kept twice: per Helsinki day (`span` "d") and per month (`span` "m", `day` the
# month's first day). A period reads its whole months from the month rows and its edges from the
# day rows (app.stats.totals), so a year is a few thousand rows whatever the day-to-day spread.
SPANS = ("d", "m")


class UseDay(db.Model):
    """Uses (not undone) per day or month, venue and category."""

    __tablename__ = "stat_use_day"
    # A period's rows, and a venue's, read from the index alone on PostgreSQL.
    __table_args__ = (
        Index("ix_stat_use_day_period", "span", "day", postgresql_include=[
            "venue_id", "category", "uses", "adults", "children", "assistants"]),
        Index("ix_stat_use_day_venue", "venue_id", "span", "day", postgresql_include=[
            "category", "uses", "adults", "children", "assistants"]),
    )
    span: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)
    uses: Mapped[int] = mapped_column(default=0)
    adults: Mapped[int] = mapped_column(default=0)
    children: Mapped[int] = mapped_column(default=0)
    assistants: Mapped[int] = mapped_column(default=0)


class UseTally(db.Model):
    """Uses at venues of an area (`area_id`) and municipality (`municipality_code`) per day or month, broken
    down by one holder dimension (`dim`: home municipality, age group, gender, life situation, or
    the card's area) and its `value`. Holder attributes and places are as at the use; a corrected
    card moves its uses."""

    __tablename__ = "stat_use_tally"
    __table_args__ = (
        Index("ix_stat_use_tally_period", "dim", "span", "day", postgresql_include=[
            "area_id", "municipality_code", "value", "uses", "adults", "children"]),
        Index("ix_stat_use_tally_area", "area_id", "dim", "span", "day"),
    )
    dim: Mapped[str] = mapped_column(String(20), primary_key=True)
    span: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    municipality_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    value: Mapped[str] = mapped_column(String(40), primary_key=True)
    uses: Mapped[int] = mapped_column(default=0)
    adults: Mapped[int] = mapped_column(default=0)
    children: Mapped[int] = mapped_column(default=0)
    assistants: Mapped[int] = mapped_column(default=0)


class CardYear(db.Model):
    """Each card used in a calendar year, per the venue's area and municipality, with the card's
    issuing site: distinct cards used, and people admitted by issuing site, without reading the uses."""

    __tablename__ = "stat_card_year"
    __table_args__ = (
        Index("ix_stat_card_year_year", "year", "card_id", postgresql_include=[
            "site_id", "uses", "adults", "children"]),
        Index("ix_stat_card_year_area", "area_id", "year", "card_id"),
        Index("ix_stat_card_year_municipality", "municipality_code", "year", "card_id"),
        Index("ix_stat_card_year_site", "site_id", "year", "card_id"),
    )
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    card_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    area_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    municipality_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    site_id: Mapped[int] = mapped_column(default=0)
    uses: Mapped[int] = mapped_column(default=0)
    adults: Mapped[int] = mapped_column(default=0)
    children: Mapped[int] = mapped_column(default=0)
