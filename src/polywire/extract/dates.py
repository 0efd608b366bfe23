"""Publication dates written on the page: "3 октябрь 2024 16:48", "03.11.2026, 11:05 Uhr".

dateparser knows month names and formats in some 200 locales. Trying every
locale is slow, so only short lines that carry a year or a numeric date are
tried, and the first that parses to a full day, month and year wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

import dateparser

from polywire.timeutil import utc

_DATE_SHAPE = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
MAX_WORDS = 8
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TO_TIMEZONE": "UTC",
}


def date_line(lines: Iterable[str]) -> datetime | None:
    """The first short line that reads as a full date, in UTC (naive times taken as UTC)."""
    for line in lines:
        text = line.strip(" -–—|•·")
        if len(text.split()) > MAX_WORDS or not _DATE_SHAPE.search(text):
            continue
        found = dateparser.parse(text, settings=_SETTINGS)
        if found is not None:
            return utc(found)
    return None
