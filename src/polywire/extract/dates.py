"""Publication times as the source gave them, to the second and with their offset.

- Page metadata (``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``)
  and dates in the URL path (``/2024/10/03/``): htmldate reads both, preferring the
  original publication date to a later modification.
- Date lines printed on the page: "3 октябрь 2024 16:48", "03.11.2026, 11:05 Uhr".
  dateparser knows month names and formats in some 200 locales. Trying every locale is
  slow, so only short lines that carry a year or a numeric date are tried, and the
  first that parses to a full day, month and year wins.

A time with an offset comes back in UTC. A wall-clock time without one comes back
naive: its zone is read later, from the article's language and place (``zones``).
A bare date comes back as its naive noon, half a day either way (``DAY_MARGIN``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

import dateparser
from htmldate import find_date
from htmldate.extractors import extract_url_date
from htmldate.utils import Extractor

from polywire.timeutil import utc

_DATE_SHAPE = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_TIME_SHAPE = re.compile(r"\d{1,2}[:.h]\d\d")
MAX_WORDS = 8
DAY_MARGIN = 12 * 3600.0
"""A bare date is its noon, give or take half a day (before any time zone's doubt)."""
_FULL_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
}


def date_line(lines: Iterable[str]) -> tuple[datetime, float] | None:
    """The first short line that reads as a full date, and its margin in seconds."""
    for line in lines:
        text = line.strip(" -–—|•·")
        if len(text.split()) > MAX_WORDS or not _DATE_SHAPE.search(text):
            continue
        found = dateparser.parse(text, settings=_SETTINGS)
        if found is not None:
            if found.tzinfo is not None:
                return utc(found), 0.0
            if not _TIME_SHAPE.search(text):
                return found.replace(hour=12), DAY_MARGIN
            return found, 0.0
    return None


def page_date(html: str) -> tuple[datetime, float] | None:
    """The page's original publication time from its metadata.

    Without the URL: given one, htmldate prefers its bare date to the metadata's time.
    """
    found = find_date(html, original_date=True, extensive_search=False, outputformat=_FULL_FORMAT)
    return _read(found) if found else None


def url_date(url: str) -> tuple[datetime, float] | None:
    """The date a URL's path carries (``/2024/10/03/``), as a bare date."""
    options = Extractor(False, datetime.max, datetime(1995, 1, 1), True, _FULL_FORMAT)
    found = extract_url_date(url, options)
    return _read(found) if found else None


def _read(found: str) -> tuple[datetime, float]:
    moment = datetime.fromisoformat(found)
    if moment.tzinfo is not None:
        return utc(moment), 0.0
    if moment.time() == datetime.min.time():
        # htmldate writes a bare date as midnight: the day is all it knows.
        return moment + timedelta(hours=12), DAY_MARGIN
    return moment, 0.0
