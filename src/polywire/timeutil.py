"""Timestamps are timezone-aware UTC everywhere inside Polywire."""

from __future__ import annotations

from datetime import UTC, date, datetime

from polywire.errors import BadInput

DAY_SECONDS = 86400.0
_LEAP_YEARS = 4
"""Years looked at on each side: enough for 29 February to occur."""


def utc(moment: datetime) -> datetime:
    """Aware UTC; naive times are taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)


def parse_iso(value: object) -> datetime:
    if not isinstance(value, str):
        raise BadInput(f"date {value!r} must be an ISO 8601 string")
    try:
        return utc(datetime.fromisoformat(value))
    except ValueError:
        raise BadInput(f"date {value!r} is not ISO 8601 (e.g. 2024-10-03T16:48:00Z)") from None


def shown(moment: datetime, margin: float = 0.0) -> str:
    """A time for people, in UTC: a bare date when only the day is known, and how far off it
    may be when its zone is not."""
    if margin >= DAY_SECONDS / 2:
        return moment.strftime("%Y-%m-%d")
    text = moment.strftime("%Y-%m-%d %H:%M UTC")
    return f"{text} ±{margin / 3600:.0f} h" if margin >= 1800 else text


def nearest_day(month: int, day: int, first: date, last: date | None = None) -> date:
    """The date with this month and day nearest the days from ``first`` to ``last`` (or
    ``first`` alone): the year a text leaves out is the one that makes it nearest."""
    last = last or first
    years = range(first.year - _LEAP_YEARS, last.year + _LEAP_YEARS + 1)
    candidates = []
    for year in years:
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue  # 29 February
    return min(candidates, key=lambda d: max((first - d).days, (d - last).days, 0))
