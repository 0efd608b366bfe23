"""Calendar dates written in the text ("3 октября", "oktyabrın 3-də", "October 3").

Two reports of one event name the same day; two reports of related events
(a visit in May, a meeting in October) name different ones. Month names come
from CLDR through babel, for the article's language and for English, so this
works for every language CLDR knows without word lists of our own.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, UnknownLocaleError

from polywire.language import lower

_TOKEN = re.compile(r"\w+")
_MAX_SUFFIX = 3
"""Inflected month names ("oktyabrın", "октября") extend the name by a few letters."""
_MIN_PREFIX_NAME = 4
_NEAR = 2
"""A day number must stand within this many words of the month name."""


@cache
def _month_names(lang: str) -> dict[str, int]:
    names: dict[str, int] = {}
    for code in ("en", lang):
        try:
            locale = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for month, name in locale.months[context]["wide"].items():
                names.setdefault(lower(name), month)
    return names


@cache
def _starts(lang: str) -> frozenset[str]:
    """The first three letters of each month name: most words are ruled out by them alone."""
    return frozenset(name[:3] for name in _month_names(lang))


def _month(token: str, names: dict[str, int], starts: frozenset[str]) -> int | None:
    if token in names:
        return names[token]
    if token[:3] not in starts:
        return None
    for length in range(len(token) - 1, max(_MIN_PREFIX_NAME, len(token) - _MAX_SUFFIX) - 1, -1):
        month = names.get(token[:length])
        if month is not None:
            return month
    return None


def mentioned_dates(text: str, lang: str) -> frozenset[tuple[int, int]]:
    """(month, day) pairs written in the text."""
    names, starts = _month_names(lang), _starts(lang)
    tokens = _TOKEN.findall(lower(text))
    found = set()
    for index, token in enumerate(tokens):
        month = _month(token, names, starts)
        if month is None:
            continue
        for near in tokens[max(0, index - _NEAR) : index + _NEAR + 1]:
            if near.isdigit() and 1 <= int(near) <= 31:
                found.add((month, int(near)))
    return frozenset(found)
