"""Words each language uses as common words, learned from the articles read.

Capitalised, such a word starts a sentence or a title, or is part of a title
(President, Court, Department): not a name. One text rarely shows both forms
of its words, but a few hundred articles of a language show most common words
in lower case, while a name is almost never written so. Scripts without case
(Arabic…) cannot show it that way; there a common word shows by frequency:
كان ("was") is in most articles, a name only in its stories'. No word lists
ship: the vocabulary is learned from what is stored, per language.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container
from dataclasses import dataclass

import regex

_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}'’\-])\p{Ll}[\p{L}\p{M}'’\-]*")
# Scripts without case that space their words: a run of Chinese is a phrase, not a word.
_UNCASED_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}])[\p{Arabic}\p{Hebrew}][\p{L}\p{M}]*")
MIN_ARTICLES = 2
"""A word counts as common once this many articles wrote it in lower case: one may be a slip."""
FREQUENT_SHARE = 0.2
"""A word without case is common once this share of its language's articles use it…"""
MIN_FREQUENT = 5
"""…and at least this many: a few articles of one story share its names."""


class CommonWords:
    """Per language, in how many articles each word was written in lower case, or (in a
    script without case) at all."""

    def __init__(self) -> None:
        self._lower: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._uncased: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._articles: Counter[str] = Counter()

    def learn(self, lang: str, text: str) -> None:
        """Count each word the text writes in lower case, or without case, once."""
        self._lower[lang].update(set(_LOWER_WORD.findall(text)))
        self._uncased[lang].update(set(_UNCASED_WORD.findall(text)))
        self._articles[lang] += 1

    def of(self, lang: str) -> Container[str]:
        """The language's common words (lower case, or without case), as learned so far."""
        frequent = max(MIN_FREQUENT, FREQUENT_SHARE * self._articles[lang])
        return _Words(self._lower[lang], self._uncased[lang], frequent)


@dataclass(frozen=True)
class _Words(Container[str]):
    lower: Counter[str]
    uncased: Counter[str]
    frequent: float

    def __contains__(self, word: object) -> bool:
        # Counter lookups of unseen words return 0 without storing them.
        return isinstance(word, str) and (
            self.lower[word] >= MIN_ARTICLES or self.uncased[word] >= self.frequent
        )
