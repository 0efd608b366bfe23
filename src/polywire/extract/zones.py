"""The time zone of a wall-clock publication time that came without an offset.

A date line such as "3 Kasım 2026 09:42" is the site's local time. Which zone
that is, the page rarely says; two things hint at it, both from CLDR (babel):

- the first place the lead sentence names, when CLDR names it as a time zone's city in
  the article's language: most often the dateline ("Баку, 21 октября –"), or where the
  event took place, which is where a report is most likely filed from;
- otherwise the zones of the territory where the language is most spoken (its
  likely subtags: ``tr`` → TR → Europe/Istanbul).

When those zones disagree at that moment (Russian: Kaliningrad to Kamchatka), the
time is their middle, and the margin grows by half their spread; with no hint at
all, by half the world's (UTC−12 to UTC+14).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from polywire.extract.dates import DAY_MARGIN
from polywire.extract.sentences import split_sentences
from polywire.model import Article
from polywire.timeutil import utc

LEAD_CHARS = 300
"""How much of the lead sentence is searched for a place."""
_NO_PLACE = frozenset(("AQ", "001", "ZZ"))
"""Antarctic stations and Etc/ zones: their names (Casey, Davis, Palmer) are people's too."""
_WORLD = (timedelta(hours=-12), timedelta(hours=14))
_FAR = 14 * 3600.0


def in_utc(article: Article) -> Article:
    """The article with a naive publication time read in its likely zone, in UTC."""
    local = article.published_at
    if local is None or local.tzinfo is not None:
        return article
    if article.published_margin >= DAY_MARGIN:
        # A bare date names a day, wherever it is: kept as that day's noon, and its doubt
        # grows by the farthest any zone is from UTC.
        return replace(
            article, published_at=utc(local), published_margin=article.published_margin + _FAR
        )
    lead = split_sentences(article.body.split("\n", 1)[0][:LEAD_CHARS])
    zones = _place_zones(article.lang, lead[0] if lead else "") or _language_zones(article.lang)
    offsets = [offset for zone in zones if (offset := _offset(zone, local)) is not None]
    low, high = (min(offsets), max(offsets)) if offsets else _WORLD
    middle = low + (high - low) / 2
    # One zone, or several that agree at that moment, is a known zone.
    basis = f"{zones[0]} time" if offsets and low == high else "time zone unknown"
    return replace(
        article,
        published_at=utc(local - middle),
        published_from=f"{article.published_from or 'page'}, {basis}",
        published_margin=article.published_margin + (high - low).total_seconds() / 2,
    )


def _offset(zone: str, local: datetime) -> timedelta | None:
    try:
        return local.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _place_zones(lang: str, lead: str) -> list[str]:
    cities = _cities(lang)
    first = min(
        ((found.start(), zone) for city, zone in cities.items() if (found := city.search(lead))),
        default=None,
    )
    return [first[1]] if first else []


@cache
def _cities(lang: str) -> dict[re.Pattern[str], str]:
    """Each zone's city as CLDR writes it in ``lang`` (English: the zone's own name)."""
    names: dict[str, str] = {}
    for zone, territory in get_global("zone_territories").items():
        if territory in _NO_PLACE:
            continue
        names.setdefault(zone.rsplit("/", 1)[-1].replace("_", " "), zone)
    try:
        zones: Mapping[str, Mapping[str, str]] = Locale.parse(lang).time_zones
    except (UnknownLocaleError, ValueError):
        zones = {}
    for zone, info in zones.items():
        if (city := info.get("city")) and get_global("zone_territories").get(zone) not in _NO_PLACE:
            names[city] = zone
    return {re.compile(rf"(?<!\w){re.escape(city)}(?!\w)"): zone for city, zone in names.items()}


def _language_zones(lang: str) -> list[str]:
    likely = get_global("likely_subtags").get(lang.split("-")[0])
    if not likely:
        return []
    territory = likely.split("_")[-1]
    zones: list[str] = get_global("territory_zones").get(territory, [])
    return zones
