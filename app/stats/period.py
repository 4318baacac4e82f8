"""The time span a figure covers: a calendar year by default, or any range of Helsinki dates."""
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from app.models.base import helsinki_day_bounds

FIRST_YEAR = 2000
LAST_YEAR = 2100


class PeriodError(ValueError):
    """A period the request asked for cannot be used (bad date, end before start, absurd year)."""


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both Helsinki calendar dates and both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError("end before start")

    @classmethod
    def year(cls, year: int) -> "Period":
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PeriodError("year out of range")
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def is_calendar_year(self) -> bool:
        return self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31)

    @property
    def starts_at(self) -> datetime:
        """The naive-UTC instant the period starts (for `scanned_at`-like columns)."""
        return helsinki_day_bounds(self.start)[0]

    @property
    def ends_before(self) -> datetime:
        """The naive-UTC instant just after the period (exclusive upper bound)."""
        return helsinki_day_bounds(self.end)[1]

    def months(self) -> list[date]:
        """The first day of every calendar month the period touches."""
        found, month = [], date(self.start.year, self.start.month, 1)
        while month <= self.end:
            found.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return found

    def previous_year(self) -> "Period":
        """The same span a year earlier (29 February becomes 28 February)."""
        def back(day: date) -> date:
            return day.replace(year=day.year - 1, day=min(day.day, 28 if day.month == 2 else day.day))
        return Period(back(self.start), back(self.end))


def as_period(period_or_year: "Period | int") -> Period:
    return period_or_year if isinstance(period_or_year, Period) else Period.year(int(period_or_year))


def _parse_year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise PeriodError("bad year")
    return int(text)


def parse_year(text: str, *, latest: int) -> int:
    """A four-digit year from FIRST_YEAR up to `latest` (usually this year), else PeriodError."""
    year = _parse_year(text.strip())
    if not FIRST_YEAR <= year <= latest:
        raise PeriodError("year out of range")
    return year


def _parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise PeriodError("bad date") from error
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError("date out of range")
    return day


def period_from_args(args: Mapping[str, str], today: date) -> Period:
    """The period a request asks for: `from` and `to` (ISO dates, either may be left out), else
    `year`, else the current year. Raises PeriodError for anything else."""
    start, end, year = (args.get(name, "").strip() for name in ("from", "to", "year"))
    if start or end:
        first = _parse_date(start) if start else date(today.year, 1, 1)
        last = _parse_date(end) if end else max(today, first)
        return Period(first, last)
    return Period.year(_parse_year(year) if year else today.year)
