"""Names in a text, found from the shape of the script rather than from trained models.

In scripts with case (Latin, Cyrillic, Greek…) a name is a run of capitalised
words on one line (Ilham Aliyev, Turkish Red Crescent), cut where two names
meet: at an English title that introduces a person (nameparser), around a
country or nationality word (CLDR), where the text elsewhere ends a name with
one word and begins one with the next, around a name the story knows. Only a
run of one word is a name of one word. A word that is capitalised only because
it starts a sentence counts only when the text also capitalises it elsewhere,
or it is a known name. Month and day names and time zones (CLDR) are not
names; words this text or the language's other articles write in lower case
may only be part of one (Caspian Digital Link), and language names (CLDR) may
only begin one (English Channel). Where every noun is capitalised (German), a
capital tells nothing: a name is one the story or CLDR knows, an acronym, or
spelt with foreign letters. Scripts without case (Arabic…) have nothing to go
on but the names already known: those of other versions of the same story (of
the same text, near where they stand, if it has some), and the gazetteer's
places, matched by skeleton, and such a name links only by the keys it
matched; a word most of the language's articles use is none of them. Either
way a name links to its story's names by key, and by skeleton where vowels
differ (Trump, Трамп).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import regex
from nameparser.config import CONSTANTS

from polywire.entities.gazetteer import (
    calendar_words,
    city_names,
    conjunction,
    language_words,
    place_keys,
    territory_as_written,
    territory_key,
    title_words,
    zone_abbreviations,
)
from polywire.entities.keys import before_apostrophe, name_keys
from polywire.language import lower
from polywire.model import KnownName, Mention

# A token starts with a letter or digit; the gap before it is whatever is not one.
_GAP_AND_TOKEN = regex.compile(r"([^\p{L}\p{N}]*)(\p{L}[\p{L}\p{M}\p{N}'’\-]*|\p{N}+)")
# A dash ends a dateline (Frankfurt am Main – The European Central Bank…).
_SENTENCE_BREAK = regex.compile(r"[.!?…:;\n\"«»“”–—]")
# What is not a letter, or not a capital: removed, what is left is counted.
_NOT_LETTER = regex.compile(r"\P{L}+")
_NOT_CASED = regex.compile(r"\P{Lu}+")
_CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{M}\p{N}'’\-]*")
_NUMBERED = regex.compile(r"([a-zAIU]{1,5})(\d+)")
_CONSONANT = regex.compile(r"[a-z]")
_CAPITALISED_ADJECTIVE = regex.compile(r"\p{Lu}\p{Ll}.*-\p{Ll}+")
_ACRONYM = regex.compile(r"\p{Lu}{2,}[\p{Lu}\p{N}\-]*")
NOUNS_CAPITALISED = frozenset({"de", "lb"})
"""Languages that capitalise every noun: there a capital alone does not tell a name."""
# The letters a language's own words are spelt with: others mark a foreign name (Yeşilyurt).
_ALPHABETS = {"de": set("abcdefghijklmnopqrstuvwxyzäöüß-'’")}
# Skeletons with fewer consonants match too many unrelated words to stand for a name alone.
MIN_KEY = 3
# A full name's skeleton key: two or three words (Alexander Lukashenko: lksndr lksnk).
_FULL_NAME = regex.compile(r"[a-z]+(?: [a-z]+){1,2}")
_TERRITORY = "territory:"
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
        names = known | place_keys(lang, vowels=True)
        spans = _capitalised_spans(_tokens(body, len(title) + 1), lang, names, common)
        # A headline may name by surname alone whom the body names in full (Lukashenko,
        # Alexander Lukashenko).
        found = {
            key
            for span in spans
            for words in (span.words, span.words[1:] if len(span.words) == 2 else [])
            for key in name_keys(words, lang, vowels=True)
        }
        # Headlines are often in title case: there only names the body has count, word by
        # word and pair by pair, as runs of capitals say nothing there.
        heading = _tokens(title)
        words, _ = _name_words(heading, lang, found, common)
        pairs = [
            _Span([heading[index - 1].text, heading[index].text], heading[index - 1].start)
            for index in sorted(words)
            if index - 1 in words and heading[index].joined
        ]
        pairs = [pair for pair in pairs if set(name_keys(pair.words, lang, vowels=True)) & found]
        # A word of a pair the body names is that name, not a name alone as well (Кубок
        # Райдера); a surname alone is one (Lukashenko, where the body says Alexander).
        paired = {start for pair in pairs for start in (pair.start, _next_start(heading, pair))}
        spans += pairs + [
            _Span([heading[index].text], heading[index].start)
            for index in sorted(words)
            if heading[index].start not in paired
            and set(name_keys([heading[index].text], lang, vowels=True)) & found
        ]
        counted = _count(spans, lang, vowels=True)
        cased = [_cased(name, length, lang, known, matchable) for name in counted]
        return _surnames_joined(cased, lang, story_keys)
    # Without case, a short skeleton matches too many words: places need four letters.
    places = place_keys(lang, shortest=4)
    spans = _known_spans(_tokens(f"{title}\n{body}"), lang, matchable, places, common)
    findable = matchable | places
    uncased = _count(spans, lang, vowels=False)
    if family is not None:
        uncased = [
            name for name in uncased if _given(name, length, lang, matchable, places, family)
        ]
    return _surnames_joined(
        [_uncased(name, length, lang, findable) for name in uncased], lang, story_keys
    )


def _next_start(tokens: list[_Token], span: _Span) -> int:
    """Where the word after a span's first begins."""
    return next(t.start for t in tokens if t.start > span.start)


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
    letters = len(_NOT_LETTER.sub("", body))
    return bool(letters) and len(_NOT_CASED.sub("", body)) >= 0.005 * letters


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
    previous = ""
    # Each match begins where the last ended (a gap takes all that starts no token): where a
    # token starts follows from the lengths, without a match object for each.
    start = offset
    for gap, word in _GAP_AND_TOKEN.findall(text):
        if gap == " ":  # most gaps: spares the tests below
            starts_sentence, joined, new_line = not tokens, bool(tokens), False
        else:
            new_line = "\n" in gap
            stripped = gap.strip()
            # An initial's full stop ends no sentence (the U.S. Geological Survey).
            initial = bool(tokens) and len(previous) == 1 and stripped == "."
            starts_sentence = not tokens or (bool(_SENTENCE_BREAK.search(gap)) and not initial)
            joined = bool(tokens) and stripped == "" and not new_line
        start += len(gap)
        tokens.append(_Token(word, start, word[0].isupper(), starts_sentence, joined, new_line))
        start += len(word)
        previous = word
    return tokens


def _capitalised_spans(
    tokens: list[_Token], lang: str, known: set[str], vocabulary: Container[str]
) -> list[_Span]:
    """Runs of capitalised words on one line, cut where one name ends and the next begins:
    a piece of one or two words is a name, and so is a longer piece, whose words are then
    none alone (Turkish Red Crescent). A run may hold capitalised common words (Caspian
    Digital Link), but a name needs one word that is no common word."""
    words, inner = _name_words(tokens, lang, known, vocabulary)
    runs: list[list[int]] = []
    for index, token in enumerate(tokens):
        # A name begins at the given name before its particle (Daan Verhoven | Milan de Wit),
        # unless that leaves one word behind (Roman Qolovçenko da Əsədovla: "too").
        if index - 1 in words and _particle(tokens, index, words) and len(runs[-1]) != 2:
            runs[-1].remove(index - 1)
            runs.append([index - 1, index])
            continue
        if index not in words and index not in inner:
            continue
        previous = tokens[runs[-1][-1]].text if runs else ""
        # A suffix after an apostrophe closes a name (AFAD's Earthquake, Malatya'nın Yeşilyurt).
        closed = before_apostrophe(previous) != previous
        if runs and runs[-1][-1] == index - 1 and token.joined and not closed:
            runs[-1].append(index)
        else:
            runs.append([index])
    runs = [run for run in runs if run]
    # Languages and titles may begin a name (English Channel) or end it (Stephen King).
    beginners, titles = language_words(lang), title_words(lang)
    last = Counter(key for run in runs for key in _keys(_texts(run[-1:], tokens), lang))
    cuts = [
        cut
        for run in runs
        for cut in _at_titles(
            run,
            tokens,
            lang,
            titles,
            _Elsewhere(last, _keys(_texts(run[-1:], tokens), lang), known),
        )
    ]
    ends = Counter(key for cut in cuts for key in _keys(_texts(cut[-1:], tokens), lang))
    pieces = [
        piece
        for cut in cuts
        for around in _at_places(
            cut, tokens, lang, _Elsewhere(ends, _keys(_texts(cut[-1:], tokens), lang), known)
        )
        for piece in _around_known_names(around, tokens, lang, known)
    ]
    pieces = _joined_by_and(_where_names_meet(pieces, tokens, lang), tokens, lang, known)
    pieces = _of_places(pieces, tokens, lang, titles, known)
    spans = []
    for piece in pieces:
        # A word too short to key (Ali Asadov) leaves the rest of the name to stand alone.
        if len(piece) >= 2 and not name_keys(_name_parts(piece, tokens), lang, vowels=True):
            if name_keys([tokens[piece[0]].text], lang, vowels=True):
                continue
            piece = piece[1:]
        if not words.intersection(piece):
            continue
        texts = _name_parts(piece, tokens)
        alone = [lower(text) not in beginners and lower(text) not in titles for text in texts]
        if len(piece) == 1 and alone[0]:
            spans.append(_Span(texts, tokens[piece[0]].start))
        if len(piece) >= 2 and (any(alone) or _territory(texts, lang, cased=True)):
            spans.append(_Span(texts, tokens[piece[0]].start))
    return sorted(spans, key=lambda span: span.start)


def _particle(tokens: list[_Token], index: int, words: set[int]) -> bool:
    """Whether the token is a lower-case name particle (de, van, bin) between two name words
    on one line, one the text never uses otherwise (Azerbaijani da is "too")."""

    def between_names(i: int) -> bool:
        return i - 1 in words and i + 1 in words and tokens[i].joined and tokens[i + 1].joined

    word = tokens[index].text
    return (
        between_names(index)  # first: the cheapest test, and the one most tokens fail
        and word in CONSTANTS.prefixes
        and all(between_names(i) for i, token in enumerate(tokens) if token.text == word)
    )


def _name_words(
    tokens: list[_Token], lang: str, known: set[str], vocabulary: Container[str]
) -> tuple[set[int], set[int]]:
    """Indexes of the tokens that may be names, and of those capitalised inside a sentence
    that are common words, which may only be part of one (see the module's docstring)."""
    # A word the text also writes in lower case is a common word (Police, police).
    common = {t.text for t in tokens if not t.capital}
    zones = zone_abbreviations(lang)
    capitals = [_capital(token.text, lang) if token.capital else None for token in tokens]
    inside = {
        key
        for token, capital in zip(tokens, capitals, strict=True)
        if capital and not token.starts_sentence
        for key in capital.keys
    }
    # The words of the names the story knows (Angela and Merkel of Angela Merkel).
    parts = (
        known | {part for key in known - place_keys(lang, vowels=True) for part in key.split(" ")}
        if lang in NOUNS_CAPITALISED
        else set()
    )
    words, inner = set(), set()
    for index, (token, capital) in enumerate(zip(tokens, capitals, strict=True)):
        if capital is None or capital.unnamed:
            continue
        # A time zone follows a time on its line (10:36 BST); elsewhere ACT may name a territory.
        if (
            token.text in zones
            and index > 0
            and not token.new_line
            and tokens[index - 1].text.isdigit()
        ):
            continue
        if capital.lowered in common or capital.lowered in vocabulary:
            if not token.starts_sentence and lang not in NOUNS_CAPITALISED:
                inner.add(index)
        elif (
            not token.starts_sentence
            # As written: a stem meets too many words (Ekonomistler, Ekonomisti).
            or not (capital.keys.isdisjoint(known) and capital.first.isdisjoint(inside))
            or capital.city
        ) and (
            lang not in NOUNS_CAPITALISED or _named_anyway(token.text, capital.keys, lang, parts)
        ):
            words.add(index)
    return words, inner


class _Capital(NamedTuple):
    """What ``_name_words`` asks of a capitalised word, whatever its text around."""

    keys: frozenset[str]
    """Its vowelled keys."""
    first: frozenset[str]
    """The first of them, the word's as written."""
    lowered: str
    unnamed: bool
    """Names nothing wherever it stands: a letter, a month or weekday (Friday's, Cuma'nın),
    territories joined by a hyphen, or an adjective so joined (Kahramanmaraş-centred)."""
    city: bool
    """A city CLDR names a time zone after."""


@lru_cache(maxsize=200_000)  # asked of every capitalised token; words recur across articles
def _capital(text: str, lang: str) -> _Capital:
    keys = name_keys([text], lang, vowels=True)
    lowered, stem = lower(text), lower(before_apostrophe(text))
    return _Capital(
        frozenset(keys),
        frozenset(keys[:1]),
        lowered,
        len(lowered) < 2
        or stem in calendar_words(lang)
        or _places_joined(text, lang)
        or bool(_CAPITALISED_ADJECTIVE.fullmatch(text)),
        stem in city_names(lang),
    )


def _places_joined(word: str, lang: str) -> bool:
    """Whether a hyphen joins territories (Azerbaijan-Belarus relations): it names each,
    not one thing."""
    parts = word.split("-")
    return len(parts) > 1 and all(_territory([part], lang, cased=True) for part in parts)


def _named_anyway(word: str, keys: Set[str], lang: str, known: set[str]) -> bool:
    """Whether a capitalised word is a name where every noun is capitalised: a name the story
    or the gazetteer knows (a country, a city CLDR names a time zone after), an acronym
    (EZB), or a word spelt with letters foreign to the language (Yeşilyurt)."""
    return (
        not keys.isdisjoint(known)
        or lower(before_apostrophe(word)) in city_names(lang)
        or bool(_ACRONYM.fullmatch(word))
        or not set(lower(word)) <= _ALPHABETS.get(lang, set(lower(word)))
    )


def _at_titles(
    run: list[int],
    tokens: list[_Token],
    lang: str,
    titles: Container[str],
    named: Container[str],
) -> list[list[int]]:
    """A run cut before a title that introduces a person (Malatya | Governor Kemal Aydınlı),
    and without it: one that follows another title (Prime Minister), or comes before two
    words or more, or before a word that ends a name elsewhere in the text or in the story
    (``named``: President Trump … Trump said). A title that does not (Federal Reserve,
    Risk Reduction Department) begins a name, and one that ends the run after a word that
    is no acronym ends one (Stephen King; ECB President names an office)."""
    texts = _texts(run, tokens)
    territory = {
        place + offset
        for place in range(len(run) - 1)
        if _territory(texts[place : place + 2], lang, cased=True)
        for offset in (0, 1)
    }
    title = [lower(text) in titles and place not in territory for place, text in enumerate(texts)]
    pieces: list[list[int]] = [[]]
    for place, index in enumerate(run):
        rest = list(itertools.takewhile(lambda p: not title[p], range(place + 1, len(run))))
        introduces = bool(rest) and (
            (place > 0 and title[place - 1])
            or (place + 1 < len(run) and title[place + 1])
            or len(rest) >= 2
            or any(key in named for key in _keys(texts[rest[-1] : rest[-1] + 1], lang))
        )
        ends_name = not rest and len(pieces[-1]) == 1 and not _ACRONYM.fullmatch(texts[place - 1])
        if not title[place] or ends_name:
            pieces[-1].append(index)
        elif rest and not introduces:
            pieces.append([index])
        else:
            pieces.append([])
    return [piece for piece in pieces if piece]


@dataclass(frozen=True)
class _Elsewhere(Container[str]):
    """The keys that end names other than one piece, whose last word has the keys ``own``,
    and the ``known`` keys: as ``set(ends - Counter(own)) | known``, without building that
    set for each piece."""

    ends: Counter[str]
    own: set[str]
    known: set[str]

    def __contains__(self, key: object) -> bool:
        # A Counter's lookup of a key it lacks returns 0 without storing it.
        return key in self.known or (isinstance(key, str) and self.ends[key] > (key in self.own))


def _at_places(
    piece: list[int], tokens: list[_Token], lang: str, named: Container[str]
) -> list[list[int]]:
    """A piece cut around a country or nationality word, a name of its own (Belarusian |
    Alexander Lukashenko), unless it names a territory with the next word (European Union)
    or begins a name of two words or more no other name ends like (European Central Bank,
    Turkish Red Crescent), or ends a name of two (Central Asia).

    ``named`` holds the keys of the words that end names elsewhere, and the story's."""
    texts = _texts(piece, tokens)
    if len(piece) > 1 and _territory(texts[:2], lang, cased=True):
        return [piece]
    last = _keys(texts[-1:], lang)
    if (
        len(piece) >= 3
        and territory_as_written(texts[0], lang)
        and not any(key in named for key in last)
        and not any(key in named for key in _keys(texts[1:], lang))
    ):
        return [piece]
    pieces: list[list[int]] = [[]]
    for place, index in enumerate(piece):
        if _territory(texts[place : place + 1], lang, cased=True) and not (
            place == len(piece) - 1 and len(pieces[-1]) == 1
        ):
            pieces += [[index], []]
        else:
            pieces[-1].append(index)
    return [piece for piece in pieces if piece]


def _around_known_names(
    piece: list[int], tokens: list[_Token], lang: str, known: set[str]
) -> list[list[int]]:
    """A piece of three words or more that holds a name of two or more the story knows, cut
    into that name and what else it holds that the story or the gazetteer knows: the rest
    describes it (Malatya Valisi Kemal Aydınlı, the governor of Malatya)."""
    if len(piece) < 3:
        return [piece]
    for size in range(len(piece) - 1, 1, -1):
        for start in range(len(piece) - size + 1):
            words = [tokens[index].text for index in piece[start : start + size]]
            if _keys(words, lang) & known - place_keys(lang, vowels=True):
                rest = piece[:start] + piece[start + size :]
                return [piece[start : start + size]] + [
                    [index] for index in rest if _keys([tokens[index].text], lang) & known
                ]
    return [piece]


def _keys(words: list[str], lang: str) -> set[str]:
    return set(name_keys(words, lang, vowels=True)[:1])


def _joined_by_and(
    pieces: list[list[int]], tokens: list[_Token], lang: str, known: set[str]
) -> list[list[int]]:
    """Two pieces joined by the language's "and" into a name of three words or more (Disaster
    and Emergency Management Authority, Afet ve Acil Durum Yönetimi), unless either is a
    name the text gives elsewhere or the story knows (Heydar Aliyev and Ilham Aliyev)."""
    word = conjunction(lang)

    def next_to_and(piece: list[int]) -> bool:
        around = (piece[0] - 1, piece[-1] + 1)
        return any(0 <= i < len(tokens) and tokens[i].text == word for i in around)

    # Names the text gives elsewhere, not beside an "and": Afet in Afet ve Acil Durum
    # Yönetimi Başkanlığı and İl Afet ve Acil Durum Müdürlüğü is no name of its own.
    named = Counter(
        key
        for piece in pieces
        if not next_to_and(piece)
        for key in _keys(_texts(piece, tokens), lang)
    )

    def alone(piece: list[int]) -> bool:
        keys = _keys(_texts(piece, tokens), lang)
        return any(named[key] for key in keys) or not keys.isdisjoint(known)

    joined: list[list[int]] = []
    for piece in pieces:
        previous = joined[-1] if joined else None
        between = piece[0] - 1
        if (
            previous is not None
            and previous[-1] == between - 1
            and tokens[between].text == word
            and tokens[between].joined
            and tokens[piece[0]].joined
            and len(previous) + len(piece) >= 3
            and not alone(previous)
            and not alone(piece)
        ):
            joined[-1] = [*previous, between, *piece]
        else:
            joined.append(piece)
    return joined


def _of_places(
    pieces: list[list[int]],
    tokens: list[_Token],
    lang: str,
    titles: Container[str],
    known: set[str],
) -> list[list[int]]:
    """English "of" between pieces: before a country, one name (the Republic of Belarus,
    the Central Bank of Azerbaijan); after a title, a piece of one or two words is what the
    title is of, no name (Minister of Digital Development), unless the story knows it."""
    if lang != "en":
        return pieces
    kept: list[list[int]] = []
    for piece in pieces:
        of = piece[0] - 1
        after_of = of > 0 and tokens[of].text == "of" and tokens[piece[0]].joined
        before = tokens[of - 1].text if after_of else ""
        place = _territory(_texts(piece, tokens), lang, cased=True)
        if after_of and place and kept and kept[-1][-1] == of - 1 and lower(before) not in titles:
            kept[-1] = [*kept[-1], of, *piece]
        elif after_of and lower(before) in titles and not place and len(piece) <= 2:
            kept += [[i] for i in piece if _keys([tokens[i].text], lang) & known]
        else:
            kept.append(piece)
    return kept


def _texts(piece: list[int], tokens: list[_Token]) -> list[str]:
    return [tokens[index].text for index in piece]


def _name_parts(piece: list[int], tokens: list[_Token]) -> list[str]:
    """The piece's words, a lower-case particle joined to the next (Milan, de Wit): a
    particle alone has no key."""
    parts: list[str] = []
    for index in piece:
        text = tokens[index].text
        if parts and parts[-1].islower():
            parts[-1] += f" {text}"
        else:
            parts.append(text)
    return parts


def _where_names_meet(pieces: list[list[int]], tokens: list[_Token], lang: str) -> list[list[int]]:
    """Pieces cut between two words where one name ends and another begins: where the text
    elsewhere ends a name with the first (or gives it alone) and begins one with the second
    (Lukaşenko | Minsk). Ilham Aliyev stays one: the text never begins a name with Aliyev."""

    def keys(index: int) -> set[str]:
        words = [tokens[index].text]
        return {*name_keys(words, lang, vowels=True), *_territory(words, lang, cased=True)}

    ends = {key for piece in pieces for key in keys(piece[-1])}
    starts = {key for piece in pieces for key in keys(piece[0])}
    cut = []
    for piece in pieces:
        cut.append(piece[:1])
        for before, after in itertools.pairwise(piece):
            if not keys(before).isdisjoint(ends) and not keys(after).isdisjoint(starts):
                cut.append([])
            cut[-1].append(after)
    return cut


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


def _surnames_joined(
    mentions: list[Mention], lang: str, story_keys: Mapping[str, int]
) -> list[Mention]:
    """A name of one word joins the full name of two or three words that ends with it, in
    this text or its story, when there is one such name (Lukashenko is Alexander
    Lukashenko; Aliyev, with Ilham and Heydar Aliyev both named, stays apart). It looks up
    the full name's keys after its own, and comes after it, so that the full name is linked
    first."""
    full: dict[str, set[str]] = {}
    for key in [
        *(
            keys[0]
            for m in mentions
            if m.form.count(" ") in (1, 2) and (keys := name_keys(m.form.split(), lang))
        ),
        *(key for key in story_keys if _FULL_NAME.fullmatch(key)),
    ]:
        given, surname = key.rsplit(" ", 1)
        full.setdefault(surname, set()).add(given)
    joined, alone = [], []
    for mention in mentions:
        surnames = (
            {k for k in name_keys([mention.form], lang) if _consonants(k) >= MIN_KEY}
            if " " not in mention.form and not any(k.startswith(_TERRITORY) for k in mention.lookup)
            else set()
        )
        givens = {(given, surname) for surname in surnames for given in full.get(surname, ())}
        if len({given for given, _ in givens}) != 1:
            alone.append(mention)
            continue
        keys = tuple(f"{given} {surname}" for given, surname in sorted(givens))
        # After its own keys: a surname that is an entity already (Trump, in a story that
        # gave it alone first) stays one, and its story's versions stay linked to it.
        joined.append(replace(mention, lookup=tuple(dict.fromkeys(mention.lookup + keys))))
    return alone + joined


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
