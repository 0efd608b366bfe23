"""Country and territory names in every language Polywire reads, from CLDR (babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale

from polywire.entities.keys import name_keys

LANGUAGES = ("en", "ru", "az", "ar", "tr", "de", "uk", "fr", "es", "fa")


@cache
def place_keys(lang: str | None = None, shortest: int = 3) -> frozenset[str]:
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
                keys.update(name_keys(words, name_lang)[:1])
    return frozenset(key for key in keys if len(key.replace(" ", "")) >= shortest)
