"""What the clusterer knows about one article, and the features of a pair."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from polywire.cluster.lexical import Terms, Weights, cosine, terms
from polywire.cluster.mentions import mentioned_dates
from polywire.cluster.params import ModelParams
from polywire.model import UNKNOWN_EVENT, EventDate

_NUMBER = re.compile(r"\d+")

NUMBER_CLASSES = (
    (0, 9),
    (10, 31),
    (32, 99),
    (100, 999),
    (1900, 2100),
    (1000, 9999),
    (10000, 10**9),
)
"""Kinds of numbers, by how often texts share them by chance: digits, days of a month,
two-digit numbers, hundreds, years (checked before other four-digit numbers), the rest."""

FEATURES = ("dense", "numbers", "no_numbers", "lexical", "cross_lingual", "same_day", "other_day")
"""Pair features, in the order of the rules' weights."""


@dataclass(frozen=True)
class Point:
    vector: npt.NDArray[np.float32]
    """Centred and L2-normalised: plain dot products are the similarities."""
    time: datetime | None
    """When it was published; None when unknown (then no time window applies)."""
    lang: str
    numbers: frozenset[int]
    """Numbers written in the text: anchors that survive translation in any script."""
    terms: Terms
    days: frozenset[tuple[int, int]]
    """(month, day) dates the text names."""
    event: EventDate = UNKNOWN_EVENT
    """When its event happened (``extract.events``): it bounds the stories it may join."""


def make_point(
    params: ModelParams,
    vector: npt.NDArray[np.float32],
    lang: str,
    text: str,
    time: datetime | None,
    event: EventDate = UNKNOWN_EVENT,
) -> Point:
    return Point(
        vector=centre(params, vector, lang),
        time=time,
        lang=lang,
        numbers=extract_numbers(text),
        terms=terms(text),
        days=mentioned_dates(text, lang),
        event=event,
    )


def extract_numbers(text: str) -> frozenset[int]:
    # \d matches digits of every script, and int() reads them all (Arabic-Indic too).
    return frozenset(int(match) for match in _NUMBER.findall(text) if len(match) <= 9)


def centre(
    params: ModelParams, vector: npt.NDArray[np.float32], lang: str
) -> npt.NDArray[np.float32]:
    """Subtract the background mean of the article's language (or of all languages)."""
    shifted = vector - params.language_background.get(lang, params.background)
    norm = float(np.linalg.norm(shifted))
    return (shifted / norm if norm > 0 else shifted).astype(np.float32)


def number_class(number: int) -> int:
    """Which of ``NUMBER_CLASSES`` a number falls in."""
    if 0 <= number < len(_SMALL_CLASSES):
        return _SMALL_CLASSES[number]
    return _number_class(number)


def _number_class(number: int) -> int:
    for index, (low, high) in enumerate(NUMBER_CLASSES):
        if low <= number <= high:
            return index
    return len(NUMBER_CLASSES) - 1


_SMALL_CLASSES = tuple(_number_class(number) for number in range(10000))
"""The classes of the numbers most texts write, looked up: a pair's features read each of
its numbers' class."""


def number_weight(number: int, rarity: Sequence[float] | None) -> float:
    """How much a shared number says: the rarity of its class (1 for all when unfitted)."""
    return rarity[number_class(number)] if rarity else 1.0


def pair_features(
    a: Point,
    b: Point,
    dense: float,
    a_weights: Weights,
    b_weights: Weights,
    rarity: Sequence[float] | None = None,
) -> list[float]:
    """The pair's values for ``FEATURES``; the weights are the points' TF-IDF vectors,
    ``rarity`` the weight of each class of numbers (``ModelParams.number_rarity``)."""
    both_numbers = bool(a.numbers and b.numbers)
    overlap = 0.0
    if both_numbers:
        # Smoothed Jaccard, each number weighed by how rare its kind is: a shared 2020 or 3 is
        # what unrelated reports share too; a shared 41,250 is what a translation keeps.
        shared = sum(number_weight(n, rarity) for n in a.numbers & b.numbers)
        union = sum(number_weight(n, rarity) for n in a.numbers | b.numbers)
        overlap = shared / (union + 1)
    same_language = a.lang == b.lang
    lexical = cosine(a_weights, b_weights) if same_language else 0.0
    same_day = bool(a.days & b.days)
    other_day = bool(a.days and b.days) and not same_day
    return [
        dense,
        overlap,
        float(not both_numbers),
        lexical,
        float(not same_language),
        float(same_day),
        float(other_day),
    ]
