"""The day an article's event happened: the first date its headline and lead name.

A report names its event's day near the top ("on October 3", "3 октября",
"oktyabrın 3-də", "yesterday", "on Monday"); dates further down are mostly
background, so only the headline and lead are read. The first day they name
is the event's:

- resolved against the article's publication time when it has one, as a
  relative day ("yesterday") or a day without its year needs;
- without a publication time, a day named without its year keeps no year
  (``--10-03``), and a relative day says nothing;
- a day more than a day after the publication is planned ("the election, to be held
  on 15 December"), not the event's: the next day the lead names is taken instead;
- when the lead names no day, the publication day stands for the event;
- else the event date is unknown.

dateparser's ``search_dates`` finds days in the ~200 locales it knows; CLDR
month names (``language.months``) add the inflected forms it misses
("oktyabrın 3-də", "يوم 3 أكتوبر").
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dateparser.date import DateDataParser
from dateparser.search import search_dates

from polywire.extract.dates import dateparser_language
from polywire.language.months import named_days, names_a_month
from polywire.model import UNKNOWN_EVENT, EventDate
from polywire.timeutil import nearest_day

NAMED = 0.9
"""Confidence of a day the lead names with its year."""
RESOLVED = 0.8
"""Of a day named without its year, or relative ("yesterday"), dated by the publication."""
NO_YEAR = 0.6
"""Of a day named without its year, in an article with no date: the year is unknown."""
PUBLISHED = 0.5
"""Of the publication day: most reports come out on the day of their event or the next."""

_SETTINGS = {"PREFER_DATES_FROM": "current_period"}
"""A weekday is its latest occurrence up to the reference day, that day included."""
_OTHER_BASE = timedelta(days=400)
"""A second reference, another year, month, day and weekday: what a day read against both
keeps is named in the text, what moves is relative to the reference."""
_REFERENCE = datetime(2000, 1, 10)
"""The reference for an article with no date, used only to tell how a day is named."""
_ADJACENT = 12
"""A weekday this close before a named day is part of it ("الخميس 5 نوفمبر")."""
_PLANNED = timedelta(days=1)
"""A day named this far after the publication day or less may still be the event's (the
publication's zone may be a day ahead of UTC); a later one is planned."""
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+")
_NUMERIC_DATE = re.compile(
    r"\b(\d{1,2}\s*([./-])\s*\d{1,2}\s*\2\s*(\d{4}|\d{2})|\d{4}\s*([./-])\s*\d{1,2}\s*\4\s*\d{1,2})\b"
)
_SHORT = 3
"""A lone word this short is not taken for a day: "Now", "Sun" and "sat" mostly are not."""


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    day: date | None
    """None for a relative day in an article with no date."""
    year_named: bool
    relative: bool


def event_date(lead: str, lang: str, published_at: datetime | None) -> EventDate:
    """The event date of an article from its headline and lead (``lead``), its language and
    its publication time."""
    published = published_at.astimezone(UTC).date() if published_at else None
    found = _first_day(lead, lang, published_at)
    if found is not None and found.day is not None:
        if found.year_named:
            return EventDate(found.day.isoformat(), "named", NAMED)
        if published is not None:
            return EventDate(found.day.isoformat(), "named", RESOLVED)
        return EventDate(f"--{found.day:%m-%d}", "named", NO_YEAR)
    if published is not None:
        return EventDate(published.isoformat(), "published", PUBLISHED)
    return UNKNOWN_EVENT


def _first_day(lead: str, lang: str, published_at: datetime | None) -> _Found | None:
    """The first day ``lead`` names, not counting days planned after the publication; a
    weekday right before a named day yields to it."""
    base = published_at.astimezone(UTC).replace(tzinfo=None) if published_at else None
    # In text order, the dateparser days read only as far as the answer needs: each costs
    # parses. Its days come in text order; at one place they go before the CLDR days.
    found = heapq.merge(
        _dateparser_days(lead, lang, base),
        sorted(_cldr_days(lead, lang, base), key=_order),
        key=_order,
    )
    if base is not None:
        latest = base.date() + _PLANNED
        found = (f for f in found if f.day is None or f.day <= latest)
    first = next(found, None)
    if first is not None and first.relative:
        named = next((f for f in found if not f.relative), None)
        if named is not None and named.start - first.end <= _ADJACENT:
            return named
    return first


def _order(found: _Found) -> tuple[int, bool]:
    return found.start, found.relative


def _dateparser_days(lead: str, lang: str, base: datetime | None) -> Iterator[_Found]:
    """The days dateparser finds in ``lead``, in text order, each read when asked for."""
    code = dateparser_language(lang)
    if code is None:
        return
    settings = {**_SETTINGS, "RELATIVE_BASE": base or _REFERENCE}
    try:
        matches = search_dates(lead, languages=[code], settings=settings) or []
    except (ValueError, OverflowError):
        return
    cursor = 0
    for text, _ in matches:
        start = lead.find(text, cursor)
        if start < 0:
            continue
        cursor = start + len(text)
        day = _read(text, code, base)
        if day is not None:
            yield _Found(start, cursor, *day)


def _read(text: str, code: str, base: datetime | None) -> tuple[date | None, bool, bool] | None:
    """(day, year named, relative) for a day ``text`` names; None if it names no day.

    A day that does not move with the reference must be written as one: its number with a
    month's name ("3 Kasım") or as day, month and year ("03.11.2026"). Numbers alone are
    scores and measures ("2-1", "6,1"); words alone ("an eight-year deal") name no day. A
    day that moves with the reference is relative ("yesterday", "on Monday"), in words.
    """
    # Each parse costs a few milliseconds: what the text's words already rule out is not
    # parsed, and the next parse is read only when this one found a day.
    numbered = bool(_DIGIT.search(text))
    if numbered and not (_NUMERIC_DATE.search(text) or names_a_month(text, code)):
        return None  # numbers without a month's name or a day's shape
    if not numbered and len(text.split()) == 1 and len(text) <= _SHORT:
        return None  # too short for a relative day, and no number for a named one
    reference = base or _REFERENCE
    first = _parse(text, code, reference, "first")
    if first is None or (numbered and first.day not in _numbers(text)):
        return None  # no day, or a day read into words ("January 2011 after a": a = 1)
    if first != _parse(text, code, reference, "last"):
        return None  # the month's first and last day fit it ("January 2011")
    second = _parse(text, code, reference - _OTHER_BASE, "first")
    if second is None:
        return None
    if (first.month, first.day) != (second.month, second.day):
        return None if numbered else ((first if base else None), False, True)
    if not numbered:
        return None  # a day named in words alone names no number
    if first.year == second.year:
        return first, True, False
    return (nearest_day(first.month, first.day, base.date()) if base else first), False, False


def _numbers(text: str) -> set[int]:
    return {int(number) for number in _NUMBER.findall(text)}


def _parse(text: str, code: str, reference: datetime, day_of_month: str) -> date | None:
    settings = {
        **_SETTINGS,
        "RELATIVE_BASE": reference,
        "PREFER_DAY_OF_MONTH": day_of_month,
    }
    try:
        data = DateDataParser(languages=[code], settings=settings).get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if not isinstance(data.date_obj, datetime) or data.period != "day":
        return None
    return data.date_obj.date()


def _cldr_days(lead: str, lang: str, base: datetime | None) -> list[_Found]:
    found = []
    for named in named_days(lead, lang):
        if not named.cased:
            continue
        try:
            day = date(_REFERENCE.year, named.month, named.day)  # a leap year: 29 February is
        except ValueError:
            continue  # 31 June is not
        if base:
            day = nearest_day(named.month, named.day, base.date())
        found.append(_Found(named.start, named.end, day, year_named=False, relative=False))
    return found
