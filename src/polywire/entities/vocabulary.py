"""Words each language writes in lower case, learned from the articles read.

Capitalised, such a word starts a sentence or a title, or is part of a title
(President, Court, Department): not a name. One text rarely shows both forms
of its words, but a few hundred articles of a language show most common words
in lower case, while a name is almost never written so. No word lists ship:
the vocabulary is learned from what is stored, per language.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container
from dataclasses import dataclass

import regex

_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}'’\-])\p{Ll}[\p{L}\p{M}'’\-]*")
MIN_ARTICLES = 2
"""A word counts as common once this many articles wrote it in lower case: one may be a slip."""


class CommonWords:
    def __init__(self) -> None:
        self._articles: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def learn(self, lang: str, text: str) -> None:
        """Count each word the text writes in lower case once."""
        self._articles[lang].update(set(_LOWER_WORD.findall(text)))

    def of(self, lang: str) -> Container[str]:
        """The language's common words (lower case), as learned so far."""
        return _Words(self._articles[lang])


@dataclass(frozen=True)
class _Words(Container[str]):
    counts: Counter[str]

    def __contains__(self, word: object) -> bool:
        # Counter lookups of unseen words return 0 without storing them.
        return isinstance(word, str) and self.counts[word] >= MIN_ARTICLES
