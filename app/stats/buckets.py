"""Grouping instants by Helsinki month or year in SQL, the same on PostgreSQL and SQLite.

Uses are stored with naive-UTC times, so a month is not a prefix of the stored value: a CASE over
the naive-UTC instants where each Helsinki month (or year) starts keeps the grouping exact and lets
the range condition use the index on `scanned_at`.
"""
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, literal

from app.models.base import helsinki_day_bounds


def month_start(day: date) -> datetime:
    return helsinki_day_bounds(date(day.year, day.month, 1))[0]


def by_starts(column: ColumnElement, starts: list[tuple[str, datetime]]) -> ColumnElement:
    """The label of the last start at or before the value; `starts` sorted oldest first. Values
    before the first start get the first label (callers filter to the period anyway)."""
    if len(starts) == 1:
        return literal(starts[0][0])
    whens = [(column >= at, literal(label)) for label, at in reversed(starts[1:])]
    return case(*whens, else_=literal(starts[0][0]))


def month_buckets(column: ColumnElement, months: list[date]) -> ColumnElement:
    return by_starts(column, [(f"{m.year:04d}-{m.month:02d}", month_start(m)) for m in months])


def year_buckets(column: ColumnElement, years: range) -> ColumnElement:
    return by_starts(column, [(str(y), month_start(date(y, 1, 1))) for y in years])
