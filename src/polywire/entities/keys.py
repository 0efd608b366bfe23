"""A cross-script key for a name: Лукашенко, Lukaşenko, Lukashenko and لوكاشينكو all give ``lksnk``.

The key is a consonant skeleton of the Latin transliteration. Vowels are where
scripts and transliterations disagree most (Arabic writes few of them, Turkic
languages have their own), so they are dropped; consonant spellings that
differ between transliteration conventions are folded to one letter (sh/ş/ch → s,
gh/q/kh → h, th → t as in Thomas/Томас and for Arabic ث, v → f because Arabic
has no v, p → b because it has no p). Where a language's alphabet reads Latin letters its own
way (Turkish c, German j), a name is also keyed as the Latin convention reads
it: foreign names keep their spelling (Christine, Jordan). English is read both
ways too: Pence as Pens, Johnson as Jonson, Cicero as Sisero and still as
Kikero. Inflected forms are handled by also keying the word without its common
case endings, so Асадовым, Əsədovla and Asadov share a key.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import regex
from anyascii import anyascii

# Letters that a language's alphabet spells differently from the Latin convention
# anyascii follows (Azerbaijani and Turkish c is j, x is kh; German sch is sh; English
# c before e, i and y is s, dge is j, and the h of John is silent).
_NATIVE = {
    "az": {"c": "j", "ç": "ch", "ş": "sh", "x": "kh", "ğ": "gh"},
    "tr": {"c": "j", "ç": "ch", "ş": "sh", "ğ": ""},
    "de": {"j": "y", "tsch": "ch", "dsch": "j", "sch": "sh", "w": "v"},
    "en": {"ohn": "on", "dge": "j", "ce": "se", "ci": "si", "cy": "sy"},
}
# Letters only the language's own words are spelt with: Çelik and Xəzər are no foreign names.
_OWN_LETTERS = {"az": set("çşğıəöü"), "tr": set("çşğıöü"), "de": set("äöüß"), "en": set()}
# Applied in order: longer spellings first.
_FOLDS = [
    ("tsh", "s"),
    ("tch", "s"),
    ("dzh", "j"),
    ("dj", "j"),
    ("ch", "s"),  # Arabic often writes ch as sh (Golovchenko: جولوفشينكو)
    ("sh", "s"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "h"),
    ("dh", "z"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("x", "ks"),
]
_LETTERS = str.maketrans({"g": "h", "q": "h", "c": "k", "p": "b", "v": "f", "z": "s"})
_VOWELS = regex.compile(r"[aeiouyw]")
_VOWELS_KEYED = regex.compile(r"[AIU]")
_VOWEL_CLASSES = str.maketrans({"a": "A", "e": "A", "i": "I", "y": "I", "o": "U", "u": "U"})
_DOUBLE = regex.compile(r"(.)\1+")
_APOSTROPHE = regex.compile(r"['’]")
# Case and possessive endings whose letters survive into the key (endings made of
# vowels only vanish with the vowels). Longest first.
_ENDINGS = {
    "ru": (
        "ами",
        "ями",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ым",
        "им",
        "ом",
        "ем",
        "ам",
        "ям",
        "ах",
        "ях",
    ),
    "uk": ("ами", "ями", "ого", "ому", "им", "ом", "ем", "ам", "ах"),
    "az": (
        "ların",
        "lərin",
        "ları",
        "ləri",
        "nın",
        "nin",
        "nun",
        "nün",
        "dan",
        "dən",
        "lar",
        "lər",
        "la",
        "lə",
        "da",
        "də",
        "ın",
        "in",
        "un",
        "ün",
    ),
    "tr": (
        "ların",
        "lerin",
        "nın",
        "nin",
        "nun",
        "nün",
        "dan",
        "den",
        "tan",
        "ten",
        "lar",
        "ler",
        "la",
        "le",
        "da",
        "de",
        "ta",
        "te",
        "ın",
        "in",
        "un",
        "ün",
    ),
    "de": ("s",),
}
# Arabic attaches "and", "in", "for", "like" and the article to the word.
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
MIN_STEM = 3
_NOT_ALPHANUMERIC = regex.compile(r"[^a-z0-9]")


@lru_cache(maxsize=200_000)  # names and common words recur across articles
def word_key(word: str, lang: str, vowels: bool = False) -> str:
    """The skeleton of one word (lowercase consonants and digits), or with ``vowels`` its
    vowelled key (vowel classes in capitals, the final vowel dropped)."""
    text = word.lower()
    if not word.isupper():  # acronyms (COP29, NATO) are spelled the international way
        for native, latin in _NATIVE.get(lang, {}).items():
            text = text.replace(native, latin)
    text = _NOT_ALPHANUMERIC.sub("", anyascii(text).lower())
    for spelling, letter in _FOLDS:
        text = text.replace(spelling, letter)
    if not vowels:
        return _DOUBLE.sub(r"\1", _VOWELS.sub("", text.translate(_LETTERS)))
    text = text.replace("w", "v").translate(_LETTERS).translate(_VOWEL_CLASSES)
    text = _DOUBLE.sub(r"\1", text)
    return text[:-1] if len(text) > 2 and text[-1] in "AIU" else text


def before_apostrophe(word: str) -> str:
    """The word without what an apostrophe adds: Turkish Bakü'de, English Aliyev's, Friday's."""
    return _APOSTROPHE.split(word, maxsplit=1)[0]


@lru_cache(maxsize=200_000)
def word_keys(
    word: str, lang: str, vowels: bool = False, spelling: str | None = None
) -> tuple[str, ...]:
    """The word's key, then the keys of its stems without a case ending or prefix.

    ``spelling`` is the language whose letters the word is read by: ``lang`` unless given,
    and "" for the Latin convention anyascii follows.
    """
    spelling = lang if spelling is None else spelling
    word = before_apostrophe(word)
    # Each stem with the fewest consonants its key may keep: a prefix cut from an
    # Arabic word leaves more room for chance matches than a case ending does.
    stems: list[tuple[str, int]] = []
    lowered = word.lower()
    for ending in _ENDINGS.get(lang, ()):
        if lowered.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            stems.append((word[: -len(ending)], 2))
            break
    if lang == "ar":
        stems += [
            (word[len(p) :], 3)
            for p in _ARABIC_PREFIXES
            if word.startswith(p) and len(word) - len(p) >= MIN_STEM
        ]
    keys = [word_key(word, spelling, vowels)]
    if len(_VOWELS_KEYED.sub("", keys[0])) < 2:
        return ()  # a consonant or none: too little to tell names apart
    if lang == "ar" and "j" in keys[0]:
        keys.append(keys[0].replace("j", "h"))  # ج is g in names from Egypt's spelling
    for stem, shortest in stems:
        key = word_key(stem, spelling, vowels)
        if len(_VOWELS_KEYED.sub("", key)) >= shortest and key not in keys:
            keys.append(key)
    return tuple(keys)


def name_keys(words: Sequence[str], lang: str, vowels: bool = False) -> tuple[str, ...]:
    """Keys of a name of one or more words; the first is the name as written."""
    return _name_keys(tuple(words), lang, vowels)


@lru_cache(maxsize=200_000)
def _name_keys(words: tuple[str, ...], lang: str, vowels: bool) -> tuple[str, ...]:
    keys = _read_as(words, lang, vowels, lang)
    if keys and lang in _NATIVE and not _OWN_LETTERS[lang].intersection("".join(words).lower()):
        # A foreign name keeps its own spelling: Christine in a Turkish text, Jordan in a
        # German one, are read as the Latin convention reads them, too.
        keys += tuple(key for key in _read_as(words, lang, vowels, "") if key not in keys)
    return keys


def _read_as(words: tuple[str, ...], lang: str, vowels: bool, spelling: str) -> tuple[str, ...]:
    options = [word_keys(word, lang, vowels, spelling) for word in words]
    if not all(options):
        return ()
    keys = [" ".join(option[0] for option in options)]
    for index, option in enumerate(options):
        for stem in option[1:]:
            key = " ".join(stem if i == index else o[0] for i, o in enumerate(options))
            if key not in keys:
                keys.append(key)
    return tuple(keys)
