"""Dates as Finland sees them."""
import calendar
from datetime import date, datetime
from functools import lru_cache

from babel import Locale, dates as babel_dates
from flask_babel import get_locale

from app.models.base import helsinki_date, to_helsinki, utcnow


def today() -> date:
    return helsinki_date(utcnow())


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=16)
def _short_time_pattern(locale: Locale):
    return babel_dates.parse_pattern(babel_dates.get_time_format("short", locale=locale))


def short_time(at: datetime) -> str:
    """A UTC time as the clock in Helsinki shows it, in the request's language (flask_babel's
    format_time(at, "short"), without parsing the locale's pattern again on every desk answer)."""
    locale = get_locale()
    return _short_time_pattern(locale).apply(to_helsinki(at), locale)
