"""The people, places and organisations an article names, as the clusterer compares them.

Two reports of one event name the same rare people and places; two reports of
one subject share only its common names (a country, a ministry), and two
reports of different events often name another city. A name is kept as the
cross-script keys the entity stage gave it (``entities.keys``: Лукашенко and
Lukashenko share one), hashed, and weighed by how rare it is among the
articles the clusterer holds.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from polywire.entities.gazetteer import city_names
from polywire.language import lower
from polywire.model import Mention

_TERRITORY = "territory:"
MIN_SKELETON = 4
"""Letters a consonant skeleton needs to link two names alone: Porsche, Paris and Boris
share ``brs``."""


@dataclass(frozen=True)
class Name:
    keys: frozenset[int]
    """Hashes of the keys that link it across scripts; the first key's hash is ``key``."""
    key: int
    """Hash of the key its rarity is counted by."""
    place: bool
    """A country or a city (CLDR): two reports of one event name the same place."""


def names_of(mentions: Iterable[Mention], lang: str) -> tuple[Name, ...]:
    """The names of an article's mentions, once each."""
    found: dict[int, Name] = {}
    for mention in mentions:
        keys = [k for k in dict.fromkeys(mention.lookup + mention.register) if _telling(k)]
        if not keys:
            continue
        key = _hash(keys[0])
        if key in found:
            continue
        place = keys[0].startswith(_TERRITORY) or lower(mention.form) in _cities(lang)
        found[key] = Name(frozenset(_hash(k) for k in keys), key, place)
    return tuple(found.values())


def _telling(key: str) -> bool:
    """Whether a key is specific enough to link two names: a vowelled key (it has capitals)
    or a territory, or a consonant skeleton of ``MIN_SKELETON`` letters."""
    if key.startswith(_TERRITORY) or any(c.isupper() for c in key):
        return True
    return len(key.replace(" ", "")) >= MIN_SKELETON


@cache
def _cities(lang: str) -> frozenset[str]:
    try:
        return city_names(lang)
    except (ValueError, LookupError):
        return frozenset()  # a language CLDR does not know names no cities


def _hash(key: str) -> int:
    return zlib.crc32(key.encode("utf-8"))


def name_overlap(
    a: Sequence[Name],
    b: Sequence[Name],
    a_weights: Sequence[float] | None = None,
    b_weights: Sequence[float] | None = None,
) -> tuple[float, float]:
    """(shared, place conflict) of two articles' names.

    ``shared`` is the rarity-weighted share of the names either article gives that the
    other gives too, smoothed like the numbers' overlap (a pair sharing its one name is
    not certain); 0 when either names nothing. ``place conflict`` is 1 when both name
    places and share none: another city, another country. Weights default to 1.
    """
    if not a or not b:
        return 0.0, 0.0
    wa = a_weights if a_weights is not None else [1.0] * len(a)
    wb = b_weights if b_weights is not None else [1.0] * len(b)
    keys_a = frozenset().union(*(n.keys for n in a))
    keys_b = frozenset().union(*(n.keys for n in b))
    shared_a = [bool(n.keys & keys_b) for n in a]
    shared_b = [bool(n.keys & keys_a) for n in b]
    shared = sum(w for w, s in zip(wa, shared_a, strict=True) if s)
    shared += sum(w for w, s in zip(wb, shared_b, strict=True) if s)
    overlap = shared / (sum(wa) + sum(wb) + 1.0)
    places_a = [s for n, s in zip(a, shared_a, strict=True) if n.place]
    places_b = [s for n, s in zip(b, shared_b, strict=True) if n.place]
    conflict = bool(places_a and places_b) and not (any(places_a) or any(places_b))
    return overlap, float(conflict)


class NameFrequencies:
    """How many held articles give each name: its rarity, learnt online as words' are."""

    def __init__(self) -> None:
        self._documents = 0
        self._frequency: Counter[int] = Counter()

    def add(self, names: Iterable[int]) -> None:
        """Count an article's names (``Name.key``)."""
        self._documents += 1
        self._frequency.update(names)

    def remove(self, names: Iterable[int]) -> None:
        """Forget an article counted before, as it leaves the window."""
        self._documents -= 1
        for name in names:
            self._frequency[name] -= 1
            if self._frequency[name] <= 0:
                del self._frequency[name]

    def weigh(self, names: Sequence[Name]) -> tuple[float, ...]:
        """Each name's inverse document frequency, smoothed as TF-IDF's (at least 1)."""
        n = self._documents
        return tuple(math.log((1 + n) / (1 + self._frequency[name.key])) + 1.0 for name in names)
