"""Lexical similarity within one language: TF-IDF with document frequencies learned online.

Two reports of one event share the rare words of that event (names, places);
two reports of related events share only the topic's words. Document
frequencies come from the articles seen so far, per language, so no word
lists ship with Polywire. Words are kept as 32-bit hashes: a million held
articles then cost a few hundred bytes of terms each, and a rare collision
only blurs two words' frequencies.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]{2,}")

Terms = dict[int, int]
"""Word counts by word hash."""
Weights = dict[int, float]


def terms(text: str) -> Terms:
    """Word counts; words are runs of two or more letters of any script, lowercased."""
    return dict(Counter(word_id(word.lower()) for word in _WORD.findall(text)))


def word_id(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


class DocumentFrequencies:
    def __init__(self) -> None:
        self._documents: Counter[str] = Counter()
        self._frequency: dict[str, Counter[int]] = defaultdict(Counter)

    def add(self, lang: str, document: Terms) -> None:
        self._documents[lang] += 1
        self._frequency[lang].update(document.keys())

    def remove(self, lang: str, words: Iterable[int]) -> None:
        """Forget a document added before (its words), as it leaves the window."""
        self._documents[lang] -= 1
        frequency = self._frequency[lang]
        for word in words:
            frequency[word] -= 1
            if frequency[word] <= 0:
                del frequency[word]

    def weigh(self, lang: str, document: Terms) -> Weights:
        """The L2-normalised sublinear TF-IDF vector, with frequencies as they are now.

        Held articles are weighed once, when they arrive: recomputing them as
        frequencies drift would cost more than the drift changes.
        """
        n = self._documents[lang]
        frequency = self._frequency[lang]
        raw = {
            t: (1 + math.log(c)) * (math.log((1 + n) / (1 + frequency[t])) + 1)
            for t, c in document.items()
        }
        norm = math.sqrt(sum(w * w for w in raw.values()))
        return {t: w / norm for t, w in raw.items()} if norm else {}


def cosine(a: Weights, b: Weights) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)
