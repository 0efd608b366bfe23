"""Publication times as the source gave them, to the second and with their offset.

- Page metadata (``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``)
  and dates in the URL path (``/2024/10/03/``): htmldate reads both, preferring the
  original publication date to a later modification.
- Date lines printed on the page: "3 октябрь 2024 16:48", "03.11.2026, 11:05 Uhr".
  dateparser knows month names and formats in some 200 locales. Trying every locale is
  slow, so only short lines that carry a year or a numeric date are tried, and the
  first that parses to a full day, month and year wins. A page whose language the
  source gave is read in English (the locale dateparser tries first anyway) and that
  language only: a line no locale reads would make dateparser load all 200 once per
  process, about 2.5 s. A page of unknown language is read in all of them.
- A numeric date whose day and month could swap ("11/09/2010") is read in the order
  that agrees with the year and month a URL on the page prints ("/2010/09/"); else in
  the order that is not after the time it is read; else in the usual order of the
  page's language (dateparser's locale data: ``en`` month first, ``en-GB``, ``nl``,
  ``ru`` day first; dateparser's own guess when it does not know the language), and its
  source says the order was assumed.

A time with an offset comes back in UTC. A wall-clock time without one comes back
naive: its zone is read later, from the article's language and place (``zones``).
A bare date comes back as its naive noon, half a day either way (``DAY_MARGIN``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache

import dateparser
from dateparser.languages.loader import default_loader
from htmldate import find_date
from htmldate.extractors import extract_url_date
from htmldate.utils import Extractor

from polywire.language.tags import standard_tag
from polywire.timeutil import now, utc

_DATE_SHAPE = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_TIME_SHAPE = re.compile(r"\b\d{1,2}[:.h]\d\d\b(?![./]\d)")
"""A clock time, "16:48", "16.48", "16h48"; not a day and month ("11.09.2010")."""
MAX_WORDS = 8
DAY_MARGIN = 12 * 3600.0
"""A bare date is its noon, give or take half a day (before any time zone's doubt)."""
_SWAPPABLE = re.compile(r"\b(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\b")
"""A numeric day, month and year, day or month first: which, the numbers may not tell."""
_PATH_MONTH = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*/\s*(\d{1,2})\s*/")
"""A year and month in a URL path, as printed or tokenised ("/2010/09/", "2010 / 09 /")."""
_MONTHS = 12
DATE_LINE = "date line"
ORDER_ASSUMED = "date line, order of day and month assumed"
_FULL_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
}


def read_date_line(
    lines: Iterable[str], lang: str | None = None, context: Iterable[str] = ()
) -> tuple[datetime, float, str] | None:
    """The first short line that reads as a full date, its margin in seconds and what gave
    it (``DATE_LINE``, or ``ORDER_ASSUMED``). ``lang`` is the page's language when known,
    ``context`` its other text (URLs, lines) that may print the year and month."""
    for line in lines:
        text = line.strip(" -–—|•·")
        if len(text.split()) > MAX_WORDS or not _DATE_SHAPE.search(text):
            continue
        found, source = _ordered(text, lang, context)
        if found is not None:
            if found.tzinfo is not None:
                return utc(found), 0.0, source
            if not _TIME_SHAPE.search(text):
                return found.replace(hour=12), DAY_MARGIN, source
            return found, 0.0, source
    return None


def _ordered(text: str, lang: str | None, context: Iterable[str]) -> tuple[datetime | None, str]:
    """The date ``text`` names; of a numeric one that reads both ways, the reading the
    evidence agrees with, else that of the language's usual order."""
    languages = _line_languages(lang)
    swappable = _SWAPPABLE.search(text)
    numbers = {int(swappable[1]), int(swappable[3])} if swappable else set()
    if len(numbers) < 2 or max(numbers) > _MONTHS:  # one reading only
        return dateparser.parse(text, languages=languages, settings=_SETTINGS), DATE_LINE
    readings = [
        found
        for order in ("MDY", "DMY")
        if (
            found := dateparser.parse(
                text, languages=languages, settings={**_SETTINGS, "DATE_ORDER": order}
            )
        )
    ]
    if len(readings) < len(numbers):
        return (readings[0] if readings else None), DATE_LINE
    months = {(int(m[1]), int(m[2])) for line in context for m in _PATH_MONTH.finditer(line)}
    agree = [r for r in readings if (r.year, r.month) in months]
    if len(agree) == 1:
        return agree[0], DATE_LINE
    latest = now()
    past = [r for r in readings if utc(r) <= latest]
    if len(past) == 1:
        return past[0], DATE_LINE
    day_first = _day_first(lang)
    if day_first is None:  # dateparser's own guess, from the line's words ("Uhr")
        return dateparser.parse(text, languages=languages, settings=_SETTINGS), ORDER_ASSUMED
    return readings[day_first], ORDER_ASSUMED


@cache
def _line_languages(lang: str | None) -> tuple[str, ...] | None:
    """The dateparser languages a date line of a page in ``lang`` is read in: English and
    the page's language; None (all) when the page's language is unknown or dateparser does
    not know it."""
    code = dateparser_language(standard_tag(lang)) if lang else None
    return tuple(dict.fromkeys(("en", code))) if code else None


@cache
def dateparser_language(lang: str) -> str | None:
    """dateparser's code for a language tag: the tag itself, else its language alone."""
    known = default_loader.get_locale_map()
    for code in (lang, lang.split("-")[0]):
        if code in known:
            return code
    return None


@cache
def _day_first(lang: str | None) -> bool | None:
    """Whether the language's usual numeric order puts the day before the month
    (dateparser's locale data: "en-GB"'s, else "en"'s); None when dateparser does not know
    the language. A source's tag is read as the detector writes it: "eng" is "en"."""
    tag = standard_tag(lang) if lang else ""
    for code in dict.fromkeys((tag, tag.split("-")[0])):
        try:
            locale = default_loader.get_locale(code) if code else None
        except ValueError:
            continue  # a locale dateparser does not know
        if locale is not None:
            order = str(locale.info.get("date_order", "MDY"))
            return order.index("D") < order.index("M")
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
