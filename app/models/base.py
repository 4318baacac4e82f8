"""Shared column helpers. Times are stored as naive UTC; dates as Helsinki calendar dates."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def helsinki_date(at: datetime) -> date:
    """The Helsinki calendar date of a naive-UTC instant."""
    return at.replace(tzinfo=UTC).astimezone(HELSINKI).date()


def helsinki_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The naive-UTC instants where a Helsinki calendar day starts and the next one starts."""
    from datetime import timedelta

    start = datetime(day.year, day.month, day.day, tzinfo=HELSINKI)
    end = start + timedelta(days=1)
    end = datetime(end.year, end.month, end.day, tzinfo=HELSINKI)
    return (start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None))


def to_helsinki(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC).astimezone(HELSINKI)
