"""Timestamps are timezone-aware UTC everywhere inside Polywire."""

from __future__ import annotations

from datetime import UTC, datetime

from polywire.errors import BadInput

DAY_SECONDS = 86400.0


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
