"""Dates as Finland sees them."""
import calendar
from datetime import date

from app.models.base import helsinki_date, utcnow


def today() -> date:
    return helsinki_date(utcnow())


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
