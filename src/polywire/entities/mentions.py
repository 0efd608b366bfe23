"""Names in a text, found from the shape of the script rather than from trained models.

In scripts with case (Latin, Cyrillic, Greek…) a name is a capitalised word,
and two capitalised words in a row on one line may be one name (Ilham
Aliyev). A word that is capitalised only because it starts a sentence counts
only when the text also capitalises it elsewhere, or it is a known name.
Month and day names and time zones (CLDR), and words this text or the
language's other articles write in lower case, are not names; language names
(CLDR) and English titles (nameparser) may only begin one (English Channel,
President Trump). Scripts without case (Arabic…) have nothing to go on but the
names already known: those of other versions of the same story (of the same
text, near where they stand, if it has some), and the gazetteer's places,
matched by skeleton, and such a name links only by the keys it matched; a word
most of the language's articles use is none of them. Either way a name links
to its story's names by key, and by skeleton where vowels differ (Trump,
Трамп).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

import regex

from polywire.entities.gazetteer import (
    beginning_words,
    calendar_words,
    place_keys,
    territory_key,
    zone_abbreviations,
)
from polywire.entities.keys import before_apostrophe, name_keys
from polywire.language import lower
from polywire.model import KnownName, Mention

# A token starts with a letter or digit; the gap before it is whatever is not one.
_GAP_AND_TOKEN = regex.compile(r"([^\p{L}\p{N}]*)(\p{L}[\p{L}\p{M}\p{N}'’\-]*|\p{N}+)")
_SENTENCE_BREAK = regex.compile(r"[.!?…:;\n\"«»“”]")
_CASED = regex.compile(r"\p{Lu}")
_CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{M}\p{N}'’\-]*")
_LETTER = regex.compile(r"\p{L}")
_NUMBERED = regex.compile(r"([a-zAIU]{1,5})(\d+)")
_CONSONANT = regex.compile(r"[a-z]")
# Skeletons with fewer consonants match too many unrelated words to stand for a name alone.
MIN_KEY = 3
# A translation keeps its names within a fifth of the text of where its original has them.
_NEAR = 0.2


class _Token(NamedTuple):
    text: str
    start: int
    capital: bool
    starts_sentence: bool
    joined: bool
    """Only spaces on one line separate it from the previous token: they may form one name.
    A line's last word and the next line's first are two (a caption, then the text)."""
    new_line: bool
    """A line break separates it from the previous token."""


class _Span(NamedTuple):
    words: list[str]
    start: int


class _Name(NamedTuple):
    words: list[str]
    times: int
    start: int
    """Where it first occurs."""


def find_mentions(
    title: str,
    body: str,
    lang: str,
    story_keys: Mapping[str, int] | None = None,
    common: Container[str] = frozenset(),
    family: Callable[[], Sequence[KnownName]] | None = None,
) -> list[Mention]:
    """Names in the title and body, each once with its keys, how often it occurs and where
    first, as a share of the text (the title, a line break, the body).

    ``story_keys`` holds the keys of names other versions of the story gave, each
    with how many languages gave it; ``common`` the language's common words
    (``vocabulary.CommonWords``), which are not names however written. ``family``
    reads the names of the text's other versions, if it has any: a name without
    case must then be one of them, at about the same place, unless it is a place.
    """
    story_keys = story_keys or {}
    known = set(story_keys)
    matchable = _matchable(story_keys)
    length = len(title) + 1 + len(body)
    if _has_case(body):
        names = known | place_keys(vowels=True)
        spans = _capitalised_spans(_tokens(body, len(title) + 1), lang, names, common)
        found = {key for span in spans for key in name_keys(span.words, lang, vowels=True)}
        # Headlines are often in title case: there only names the body has count.
        spans += [
            span
            for span in _capitalised_spans(_tokens(title), lang, found, common)
            if set(name_keys(span.words, lang, vowels=True)) & found
        ]
        counted = _count(spans, lang, vowels=True)
        return [_cased(name, length, lang, known, matchable) for name in counted]
    # Without case, a short skeleton matches too many words: places need four letters.
    places = place_keys(lang, shortest=4)
    spans = _known_spans(_tokens(f"{title}\n{body}"), lang, matchable, places, common)
    findable = matchable | places
    uncased = _count(spans, lang, vowels=False)
    if family is not None:
        uncased = [
            name for name in uncased if _given(name, length, lang, matchable, places, family)
        ]
    return [_uncased(name, length, lang, findable) for name in uncased]


def same_names(
    removed: str,
    added: str,
    body: str,
    lang: str,
    story_keys: Mapping[str, int] | None = None,
    common: Container[str] = frozenset(),
) -> bool:
    """Whether ``body`` names just what it did before its lines ``removed`` became the
    lines ``added``: a copy's names are then its twin's.

    Names do not cross lines, so the changed lines are searched on their own. They
    must name the same names as often, and neither may write in lower case a word
    the body capitalises (Bank is no name where the text also writes bank). Without
    case, a text's names are those of its story, which grows: it is never the same.
    """
    if not _has_case(body):
        return False
    before, after = (
        Counter((m.form, m.count) for m in find_mentions("", lines, lang, story_keys, common))
        for lines in (removed, added)
    )
    if before != after:
        return False
    lowered = _lower_case_words(removed) ^ _lower_case_words(added)
    return lowered.isdisjoint(lower(word) for word in _CAPITALISED.findall(body))


def _has_case(body: str) -> bool:
    letters = len(_LETTER.findall(body))
    return bool(letters) and len(_CASED.findall(body)) >= 0.005 * letters


def _lower_case_words(text: str) -> set[str]:
    return {token.text for token in _tokens(text) if not token.capital}


def _given(
    name: _Name,
    length: int,
    lang: str,
    matchable: set[str],
    places: frozenset[str],
    family: Callable[[], Sequence[KnownName]],
) -> bool:
    """A place, or a name that another version gives near where this text has it: words
    that meet another story's name by skeleton (مرتين, "twice", and Martin) rarely do.

    ``matchable`` holds the story's keys a name may be found by, ``places`` the places'.
    A family name stored before places were kept counts as near.
    """
    keys = set(name_keys(name.words, lang))
    if not keys.isdisjoint(places):
        return True
    position = name.start / length
    return any(
        not known.positions
        or any(abs(position - other) <= _NEAR for other in known.positions.values())
        for known in family()
        if not known.keys.isdisjoint(keys & matchable)
    )


def _matchable(story_keys: Mapping[str, int]) -> set[str]:
    """The story's keys a name may be matched against by its skeleton alone.

    A two-letter skeleton (Baku: bk) matches many words by chance, so it counts
    only once two languages of the story have named it.
    """
    return {
        key
        for key, languages in story_keys.items()
        if _consonants(key) >= MIN_KEY or languages >= 2
    }


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    """The text's tokens, each starting ``offset`` characters further than in ``text``."""
    tokens: list[_Token] = []
    for match in _GAP_AND_TOKEN.finditer(text):
        gap, word = match.groups()
        spaced = gap == " "  # most gaps: spares the regex
        new_line = "\n" in gap
        tokens.append(
            _Token(
                word,
                start=offset + match.start(2),
                capital=word[0].isupper(),
                starts_sentence=not tokens or (not spaced and bool(_SENTENCE_BREAK.search(gap))),
                joined=bool(tokens) and (spaced or (gap.strip() == "" and not new_line)),
                new_line=new_line,
            )
        )
    return tokens


def _capitalised_spans(
    tokens: list[_Token], lang: str, known: set[str], vocabulary: Container[str]
) -> list[_Span]:
    # A word the text also writes in lower case is a common word (Police, police).
    common = {t.text for t in tokens if not t.capital}
    calendar, zones = calendar_words(lang), zone_abbreviations(lang)
    # Language names and titles may only begin a name (English Channel, President Trump).
    beginners = beginning_words(lang)
    keyed = [
        set(name_keys([token.text], lang, vowels=True)) if token.capital else set()
        for token in tokens
    ]
    inside = {
        key
        for token, keys in zip(tokens, keyed, strict=True)
        if token.capital and not token.starts_sentence
        for key in keys
    }
    begins: list[bool] = []
    alone: list[bool] = []
    for index, (token, keys) in enumerate(zip(tokens, keyed, strict=True)):
        word = lower(token.text)
        # A time zone follows a time on its line (10:36 BST); elsewhere ACT may name a territory.
        zone = (
            token.text in zones
            and index > 0
            and not token.new_line
            and tokens[index - 1].text.isdigit()
        )
        capitalised = (
            token.capital
            and len(word) > 1
            and word not in common
            and word not in vocabulary
            and lower(before_apostrophe(token.text)) not in calendar  # Friday's, Cuma'nın
            and not zone
            and (
                not token.starts_sentence
                or not (keys.isdisjoint(inside) and keys.isdisjoint(known))
            )
        )
        begins.append(capitalised)
        alone.append(capitalised and word not in beginners)
    spans = []
    for index, token in enumerate(tokens):
        if alone[index]:
            spans.append(_Span([token.text], token.start))
        # A pair needs one word that may stand alone: Prime Minister is none, but
        # Manchester United and Stephen King are names.
        pair = index and begins[index - 1] and begins[index] and token.joined
        if pair and (alone[index] or alone[index - 1]):
            previous = tokens[index - 1]
            spans.append(_Span([previous.text, token.text], previous.start))
    return spans


def _known_spans(
    tokens: list[_Token],
    lang: str,
    matchable: set[str],
    places: frozenset[str],
    common: Container[str],
) -> list[_Span]:
    """Words and pairs whose keys are the story's or a place's. A common word is neither,
    whatever its skeleton (كان, "was", has CNN's), unless it is a place's name."""
    spans = []
    for index, token in enumerate(tokens):
        keys = set(name_keys([token.text], lang))
        if keys & places or (keys & matchable and token.text not in common):
            spans.append(_Span([token.text], token.start))
        if index and token.joined:
            previous = tokens[index - 1]
            pair = [previous.text, token.text]
            pair_keys = set(name_keys(pair, lang))
            if pair_keys & matchable or pair_keys & places:
                spans.append(_Span(pair, previous.start))
    return spans


def _count(spans: list[_Span], lang: str, vowels: bool) -> list[_Name]:
    """Each name once, with how often it occurs and where first: inflected forms count for
    the first form whose key their stem shares."""
    names: list[_Name] = []
    by_key: dict[str, int] = {}
    for words, start in spans:
        keys = name_keys(words, lang, vowels)
        if not keys:
            continue
        index = next((by_key[key] for key in keys if key in by_key), None)
        if index is None:
            index = len(names)
            names.append(_Name(words, 0, start))
        name = names[index]
        names[index] = name._replace(times=name.times + 1, start=min(name.start, start))
        by_key.update((key, index) for key in keys if key not in by_key)
    return names


def _cased(name: _Name, length: int, lang: str, known: set[str], matchable: set[str]) -> Mention:
    """Found by its vowelled keys, then by a skeleton the story's names share: vowels are
    where transcriptions differ most (Trump, Трамп). Its skeletons go to the entity for
    other versions, Arabic above all, to match."""
    vowelled = name_keys(name.words, lang, vowels=True)
    skeletons = name_keys(name.words, lang)
    territory = _territory(name.words, lang, cased=True)
    return Mention(
        " ".join(name.words),
        name.times,
        lookup=tuple(
            dict.fromkeys(
                territory
                + vowelled
                + _same_number(vowelled[0], known)
                + tuple(key for key in skeletons if key in matchable)
            )
        ),
        register=territory + vowelled + _solid(skeletons),
        position=name.start / length,
    )


def _uncased(name: _Name, length: int, lang: str, findable: set[str]) -> Mention:
    keys = name_keys(name.words, lang)
    territory = _territory(name.words, lang, cased=False)
    return Mention(
        " ".join(name.words),
        name.times,
        lookup=territory + tuple(key for key in keys if key in findable),
        register=territory + _solid(keys),
        position=name.start / length,
    )


def _territory(words: list[str], lang: str, cased: bool) -> tuple[str, ...]:
    """The territory's shared key first: it links the name's translations."""
    key = territory_key(words, lang, cased)
    return (key,) if key else ()


def _solid(skeletons: tuple[str, ...]) -> tuple[str, ...]:
    """The name's skeleton, and those of its stems long enough not to match by chance."""
    return tuple(k for i, k in enumerate(skeletons) if i == 0 or _consonants(k) >= MIN_KEY)


def _same_number(key: str, known: set[str]) -> tuple[str, ...]:
    """The story's numbered acronyms with the number of this one: КС-29 is COP29."""
    numbered = _NUMBERED.fullmatch(key)
    if not numbered:
        return ()
    return tuple(
        sorted(
            other
            for other in known
            if other != key
            and (match := _NUMBERED.fullmatch(other))
            and match.group(2) == numbered.group(2)
        )
    )


@lru_cache(maxsize=2**16)  # asked of every key of a story on each search; keys recur
def _consonants(key: str) -> int:
    return len(_CONSONANT.findall(key))
