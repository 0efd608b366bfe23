"""Days written as a month name and a number ("3 октября", "oktyabrın 3-də", "October 3").

Month names come from CLDR through babel, for the text's language and for
English, so this works for every language CLDR knows without word lists of
our own. Inflected names ("oktyabrın", "октября") are found by their prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

from polywire.language.case import lower

_TOKEN = re.compile(r"\w+")
_MAX_SUFFIX = 3
"""Inflected month names ("oktyabrın", "октября") extend the name by a few letters."""
_MIN_PREFIX_NAME = 4
_NEAR = 2
"""A day number must stand within this many words of the month name."""


@dataclass(frozen=True)
class NamedDay:
    start: int
    """Where the month name or the day number, whichever comes first, starts in the text."""
    end: int
    month: int
    day: int
    cased: bool
    """Written with the capital the language's month name has, if it has one: "may" in
    English is a verb far more often than a month."""


@cache
def _month_names(lang: str, abbreviated: bool) -> dict[str, tuple[int, bool]]:
    """Each month name in lower case → (month, whether the language capitalises it)."""
    names: dict[str, tuple[int, bool]] = {}
    for code in ("en", lang):
        try:
            locale = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated") if abbreviated else ("wide",):
                for month, name in locale.months[context][width].items():
                    names.setdefault(lower(name.rstrip(".")), (month, name[:1].isupper()))
    return names


@cache
def _starts(lang: str, abbreviated: bool) -> frozenset[str]:
    """The first three letters of each month name: most words are ruled out by them alone."""
    return frozenset(name[:3] for name in _month_names(lang, abbreviated))


def _month(token: str, lang: str, abbreviated: bool = False) -> tuple[int, bool] | None:
    names = _month_names(lang, abbreviated)
    if token in names:
        return names[token]
    if token[:3] not in _starts(lang, abbreviated):
        return None
    for length in range(len(token) - 1, max(_MIN_PREFIX_NAME, len(token) - _MAX_SUFFIX) - 1, -1):
        month = names.get(token[:length])
        if month is not None:
            return month
    return None


def named_days(text: str, lang: str) -> Iterator[NamedDay]:
    """Each (month name, day number) pair written within a few words, in text order."""
    tokens = list(_TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        found = _month(lower(token[0]), lang)
        if found is None:
            continue
        month, capitalised = found
        cased = token[0][:1].isupper() or not capitalised
        for near in tokens[max(0, index - _NEAR) : index + _NEAR + 1]:
            if near[0].isdigit() and 1 <= int(near[0]) <= 31:
                start, end = min(token.start(), near.start()), max(token.end(), near.end())
                yield NamedDay(start, end, month, int(near[0]), cased)


def names_a_month(text: str, lang: str) -> bool:
    """Whether a word of ``text`` is a month's name, in full or abbreviated, written with the
    capital the language gives it."""
    for token in _TOKEN.finditer(text):
        found = _month(lower(token[0]), lang, abbreviated=True)
        if found is not None and (token[0][:1].isupper() or not found[1]):
            return True
    return False
