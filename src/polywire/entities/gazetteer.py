"""Country and territory names in every language Polywire reads, from CLDR (babel).

Most country names are translated, not transliterated (Germany, Германия,
Almaniya, ألمانيا): no phonetic key links them, but CLDR's territory code does.
CLDR also gives words that are capitalised without naming anything: months,
weekdays, and languages (alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from babel import Locale
from babel.core import get_global
from babel.languages import get_official_languages
from babel.localedata import locale_identifiers
from nameparser.config import CONSTANTS

from polywire.entities.keys import MIN_STEM, name_keys
from polywire.language import lower

TELLING_SKELETON = 5
"""A capitalised word whose skeleton has this many letters names the territory it matches."""
CONTINENTS = frozenset({"002", "009", "142", "150"})
"""Africa, Oceania, Asia and Europe: CLDR's Americas (019) is what many languages call the US."""
# (ending, what the place's name ends in instead): Iranian, European, Kenyan, Japanese, Turkish.
_DEMONYM_ENDINGS = {"en": (("ian", ""), ("an", ""), ("an", "a"), ("ese", ""), ("ish", ""))}
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
            words = _words(name.split(), name_lang)
            if len(words) <= 2:
                keys.update(name_keys(words, name_lang, vowels)[:1])
    return frozenset(key for key in keys if len(key.replace(" ", "")) >= shortest)


@cache
def city_names(lang: str) -> frozenset[str]:
    """The cities CLDR names time zones after (Berlin, Баку), lowercase, as ``lang`` writes
    them: names a capital cannot tell where every noun is capitalised."""
    zones = Locale.parse(lang).time_zones
    return frozenset(
        lower(zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " "))
        for zone in get_global("zone_territories")
    )


def territory_key(words: Sequence[str], lang: str, cased: bool = True) -> str | None:
    """The key every language's name of this territory shares ("territory:ES" for Spain,
    Испании, İspaniya, إسبانيا), if ``words`` name one in ``lang``.

    With case, names are compared by vowelled key without final vowels, so that
    inflected forms match (Испании, Испания: IsbAn) and names with other vowels do
    not (Mila is not Mali); then by skeleton, if it is long enough to be telling
    (Azərbaycanın: srbjn). Without case, by the skeleton of the name as written.
    """
    return _territory_key(tuple(words), lang, cased)


@lru_cache(maxsize=2**16)  # asked of every run of capitals and of each of its words
def _territory_key(words: tuple[str, ...], lang: str, cased: bool) -> str | None:
    vowelled, skeletons = _territory_codes(lang)
    if not cased:
        # Only the article comes off: a one-letter prefix cut (باتريك) leaves a chance match.
        written = name_keys(_words(words, lang), lang)
        return _key(skeletons.get(written[0])) if written else None
    skeleton_codes = (
        skeletons.get(key)
        for key in name_keys(words, lang)
        if len(key.replace(" ", "")) >= TELLING_SKELETON
    )
    code = _by_vowels(words, lang, vowelled) or next(filter(None, skeleton_codes), None)
    if code is None and len(words) == 1:
        code = _of_demonym(words[0], lang, vowelled)
    return _key(code)


def territory_as_written(word: str, lang: str) -> bool:
    """Whether ``word`` is a territory's name as CLDR writes it in ``lang`` (Avrupa, not
    the inflected Беларуси), or in English an adjective of nationality (European): such a
    word may begin an organisation's name (Avrupa Merkez Bankası, European Central Bank),
    while an inflected one says whose a person is (президент Беларуси Александр Лукашенко)."""
    names = _territory_names(lang)
    if names is None:
        return False
    as_written = lower(word) in names
    if lang == "en":  # English makes such names of the adjective: Belarus Alexander is two
        return not as_written and territory_key([word], lang) is not None
    return as_written


@cache
def _territory_names(lang: str) -> frozenset[str] | None:
    """The territories' names as CLDR writes them in ``lang``, lowercase; None for a language
    CLDR does not know."""
    try:
        names = Locale.parse(lang).territories.values()
    except (ValueError, LookupError):
        return None
    return frozenset(lower(name) for name in names)


def _by_vowels(words: Sequence[str], lang: str, vowelled: dict[str, str]) -> str | None:
    """The territory whose name's vowelled key, without final vowels, ``words`` share."""
    keys = map(_inflected, name_keys(words, lang, vowels=True))
    return next((vowelled[key] for key in keys if key in vowelled), None)


def _of_demonym(word: str, lang: str, vowelled: dict[str, str]) -> str | None:
    """The territory an adjective of nationality comes from (European, Iranian, Japanese,
    Turkish): other languages name the place where English uses the adjective."""
    for ending, replacement in _DEMONYM_ENDINGS.get(lang, ()):
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= MIN_STEM:
            code = _by_vowels([stem + replacement], lang, vowelled)
            if code:
                return code
    return None


def _key(code: str | None) -> str | None:
    return f"territory:{code}" if code else None


@cache
def _territory_codes(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Territory codes by the vowelled key of each name (see ``territory_key``) and by its
    skeletons. A key two territories share names neither (Niger, Nigeria)."""
    vowelled: dict[str, set[str]] = {}
    skeletons: dict[str, set[str]] = {}
    try:
        names = Locale.parse(lang).territories
    except (ValueError, LookupError):
        return {}, {}
    for code, name in names.items():
        if not code.isalpha() and code not in CONTINENTS:
            continue  # other numeric codes are regions (Western Asia: 145), not places
        words = _words(name.split(), lang)
        for key in name_keys(words, lang, vowels=True)[:1]:
            vowelled.setdefault(_inflected(key), set()).add(code)
        for key in name_keys(words, lang):
            skeletons.setdefault(key, set()).add(code)
    return _unambiguous(vowelled), _unambiguous(skeletons)


def _inflected(vowelled: str) -> str:
    """A vowelled key without the final vowels that case endings change."""
    return " ".join(word.rstrip("AIU") for word in vowelled.split(" "))


def _unambiguous(codes: dict[str, set[str]]) -> dict[str, str]:
    return {key: next(iter(found)) for key, found in codes.items() if len(found) == 1}


def _words(words: Iterable[str], lang: str) -> list[str]:
    # Arabic names carry the article (الصومال): without it, the key is the name's own.
    return [w.removeprefix("ال") if lang == "ar" else w for w in words]


@cache
def calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names in ``lang`` and English, lowercase: capitalised, not names."""
    words: set[str] = set()
    for locale in _locales(lang):
        for table in (locale.months, locale.days):
            for context in table.values():
                for width in context.values():
                    words.update(lower(name) for name in width.values())
    return frozenset(words)


@cache
def zone_abbreviations(lang: str) -> frozenset[str]:
    """Time zones' abbreviations (BST, EDT, MESZ) that CLDR gives in ``lang`` and in every
    English locale, as written: a dateline's "10:36 BST" names nothing."""
    own = [i for i in locale_identifiers() if i == lang and i.split("_")[0] != "en"]
    return _english_zone_abbreviations() | _zone_abbreviations(own)


@cache
def _english_zone_abbreviations() -> frozenset[str]:
    """Those of every English locale: read once, not again for each language."""
    return _zone_abbreviations([i for i in locale_identifiers() if i.split("_")[0] == "en"])


def _zone_abbreviations(identifiers: Iterable[str]) -> frozenset[str]:
    return frozenset(
        name
        for locale in map(Locale.parse, identifiers)
        for table in (locale.meta_zones, locale.time_zones)
        for zone in table.values()
        for name in zone.get("short", {}).values()
        if name.isalpha() and name.isupper()
    )


@cache
def language_words(lang: str) -> frozenset[str]:
    """Names of the languages official somewhere, in ``lang`` and English, lowercase.

    They also serve as adjectives of nationality (English, Englisch, İngilis),
    which Russian or Arabic write in lower case: alone they could link to nothing.
    A language name that also names a territory (German, Alman, Indoneziya, and
    in English Indonesian) keys as the territory and stays a name.
    """
    words: set[str] = set()
    for locale in _locales(lang):
        for code in _official_languages():
            name = locale.languages.get(code, "")
            if name.isalpha() and not territory_key([name], str(locale)):
                words.add(lower(name))
    return frozenset(words)


@cache
def conjunction(lang: str) -> str | None:
    """The word ``lang`` joins two items of a list with (and, und, ve, və, и), from CLDR."""
    try:
        pattern = Locale.parse(lang).list_patterns["standard"]["2"]
    except (ValueError, LookupError):
        return None
    word = pattern.replace("{0}", "").replace("{1}", "").strip()
    return word if word.isalpha() else None


@cache
def title_words(lang: str) -> frozenset[str]:
    """The titles English puts before a name (Mr, President, Prime), lowercase: they begin
    no name (President Trump is Trump) and are none alone.

    Other languages write most titles in lower case (президент, başbakan) or leave
    them out; nameparser's list is English, so only English has titles here.
    """
    titles = frozenset(CONSTANTS.titles) if lang == "en" else frozenset()
    return titles - language_words(lang)  # nameparser's "english" begins English Channel


def _locales(lang: str) -> list[Locale]:
    """CLDR's data for ``lang`` and for English, which every language's news quotes."""
    locales = []
    for name_lang in dict.fromkeys((lang, "en")):
        try:
            locales.append(Locale.parse(name_lang))
        except (ValueError, LookupError):
            continue  # a language CLDR does not know has no words to give
    return locales


@cache
def _official_languages() -> frozenset[str]:
    """Languages official in some territory: CLDR also names hundreds of rarer ones, some
    of them spelled like people (Moksha, Venda)."""
    return frozenset(
        code
        for territory in map(str, Locale.parse("en").territories)
        if territory.isalpha()
        for code in get_official_languages(territory, de_facto=True)
    )
