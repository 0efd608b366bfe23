"""Names in a text, found from the shape of the script rather than from trained models.

In scripts with case (Latin, Cyrillic, Greek…) a name is a capitalised word,
and two capitalised words in a row may be one name (Ilham Aliyev). A word that
is capitalised only because it starts a sentence counts only when the text
also capitalises it elsewhere, or it is a known name. Scripts without case
(Arabic…) have nothing to go on but the names already known: those of other
versions of the same story, and the gazetteer's places, matched by key.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

import regex

from polywire.entities.gazetteer import place_keys
from polywire.entities.keys import name_keys
from polywire.model import Mention

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}\p{N}'’\-]*|\p{N}+")
_SENTENCE_BREAK = regex.compile(r"[.!?…:;\n\"«»“”]")
_CASED = regex.compile(r"\p{Lu}")
_LETTER = regex.compile(r"\p{L}")
_NUMBERED = regex.compile(r"([a-z]{1,4})(\d+)")
# Skeletons shorter than this match too many unrelated words to stand for a name alone.
MIN_KEY = 3


@dataclass(frozen=True)
class _Token:
    text: str
    capital: bool
    starts_sentence: bool
    joined: bool
    """Only spaces separate it from the previous token: they may form one name."""


def find_mentions(title: str, body: str, lang: str, known: Collection[str] = ()) -> list[Mention]:
    """Names in the title and body, each once with all its keys and how often it occurs.

    ``known`` holds the keys of names already found in other versions of the story.
    """
    letters = len(_LETTER.findall(body))
    if letters and len(_CASED.findall(body)) >= 0.005 * letters:
        spans = _capitalised_spans(_tokens(body), lang, set(known) | place_keys())
        found = {key for words in spans for key in name_keys(words, lang)}
        # Headlines are often in title case: there only names the body has count.
        spans += [
            words
            for words in _capitalised_spans(_tokens(title), lang, found)
            if set(name_keys(words, lang)) & found
        ]
    else:
        # Without case, a short skeleton matches too many words: places need four letters.
        places = place_keys(lang, shortest=4)
        spans = _known_spans(_tokens(f"{title}\n{body}"), lang, set(known) | places)
    return [_with_numbered_alias(mention, known) for mention in _merge(spans, lang)]


def _with_numbered_alias(mention: Mention, known: Collection[str]) -> Mention:
    """Link a numbered acronym to the story's one with the same number: КС-29 is COP29."""
    numbered = _NUMBERED.fullmatch(mention.keys[0])
    if not numbered:
        return mention
    same = [
        key
        for key in known
        if key != mention.keys[0]
        and (match := _NUMBERED.fullmatch(key))
        and match.group(2) == numbered.group(2)
    ]
    return replace(mention, aliases=mention.aliases + tuple(sorted(same)))


def usable_keys(story_keys: dict[str, int]) -> set[str]:
    """The story's keys a text without case may be matched against.

    A two-letter skeleton (Baku: bk) matches many words by chance, so it counts
    only once two languages of the story have named it.
    """
    return {
        key for key, languages in story_keys.items() if _letters(key) >= MIN_KEY or languages >= 2
    }


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    end = 0
    for match in _TOKEN.finditer(text):
        gap = text[end : match.start()]
        word = match.group()
        tokens.append(
            _Token(
                word,
                capital=bool(_CASED.match(word)),
                starts_sentence=not tokens or bool(_SENTENCE_BREAK.search(gap)),
                joined=bool(tokens) and gap.strip() == "",
            )
        )
        end = match.end()
    return tokens


def _capitalised_spans(tokens: list[_Token], lang: str, known: set[str]) -> list[list[str]]:
    inside = {
        key
        for token in tokens
        if token.capital and not token.starts_sentence
        for key in name_keys([token.text], lang)
    }
    names = [
        token.capital
        and len(token.text) > 1
        and (
            not token.starts_sentence or bool(set(name_keys([token.text], lang)) & (inside | known))
        )
        for token in tokens
    ]
    spans = []
    for index, token in enumerate(tokens):
        if not names[index]:
            continue
        spans.append([token.text])
        if index and names[index - 1] and token.joined:
            spans.append([tokens[index - 1].text, token.text])
    return spans


def _known_spans(tokens: list[_Token], lang: str, known: set[str]) -> list[list[str]]:
    spans = []
    for index, token in enumerate(tokens):
        if set(name_keys([token.text], lang)) & known:
            spans.append([token.text])
        pair = [tokens[index - 1].text, token.text] if index and token.joined else None
        if pair and set(name_keys(pair, lang)) & known:
            spans.append(pair)
    return spans


def _merge(spans: list[list[str]], lang: str) -> list[Mention]:
    """One mention per name: inflected forms join the form whose key their stem has."""
    forms: list[str] = []
    counts: list[int] = []
    keys: list[list[str]] = []
    by_key: dict[str, int] = {}
    for words in spans:
        found_keys = name_keys(words, lang)
        if not found_keys:
            continue
        index = next((by_key[key] for key in found_keys if key in by_key), None)
        if index is None:
            index = len(forms)
            forms.append(" ".join(words))
            counts.append(0)
            keys.append([])
        counts[index] += 1
        keys[index] += [key for key in found_keys if key not in keys[index]]
        by_key.update((key, index) for key in found_keys if key not in by_key)
    return [
        Mention(
            form,
            tuple(key for i, key in enumerate(own) if i == 0 or _letters(key) >= MIN_KEY),
            count,
            tuple(key for i, key in enumerate(own) if i > 0 and _letters(key) < MIN_KEY),
        )
        for form, count, own in zip(forms, counts, keys, strict=True)
    ]


def _letters(key: str) -> int:
    return len(key.replace(" ", ""))
