"""Country and territory names in every language Polywire reads, from CLDR (babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale

from polywire.entities.keys import name_keys

LANGUAGES = ("en", "ru", "az", "ar", "tr", "de", "uk", "fr", "es", "fa")


@cache
def place_keys(lang: str | None = None, shortest: int = 3, vowels: bool = False) -> frozenset[str]:
    """Keys of the territory names in ``lang``, or in every one of ``LANGUAGES``.

    Only names as written: a stem of a place name matches too many other words.
    """
    keys: set[str] = set()
    for name_lang in (lang,) if lang else LANGUAGES:
        try:
            names = Locale.parse(name_lang).territories.values()
        except (ValueError, LookupError):
            continue  # a language CLDR does not know has no names to give
        for name in names:
            # Arabic names carry the article (الصومال): without it, the key is the name's own.
            words = [w.removeprefix("ال") if name_lang == "ar" else w for w in name.split()]
            if len(words) <= 2:
                keys.update(name_keys(words, name_lang, vowels)[:1])
    return frozenset(key for key in keys if len(key.replace(" ", "")) >= shortest)


@cache
def calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names in ``lang`` and English, lowercase: capitalised, not names."""
    words: set[str] = set()
    for name_lang in {lang, "en"}:
        try:
            locale = Locale.parse(name_lang)
        except (ValueError, LookupError):
            continue
        for table in (locale.months, locale.days):
            for context in table.values():
                for width in context.values():
                    words.update(name.lower() for name in width.values())
    return frozenset(words)
