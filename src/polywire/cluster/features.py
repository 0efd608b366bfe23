"""What the clusterer knows about one article, and the features of a pair."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from polywire.cluster.lexical import Terms, Weights, cosine, terms
from polywire.cluster.mentions import mentioned_dates
from polywire.cluster.params import ModelParams
from polywire.model import UNKNOWN_EVENT, EventDate

_NUMBER = re.compile(r"\d+")

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


def pair_features(
    a: Point, b: Point, dense: float, a_weights: Weights, b_weights: Weights
) -> list[float]:
    """The pair's values for ``FEATURES``; the weights are the points' TF-IDF vectors."""
    both_numbers = bool(a.numbers and b.numbers)
    # Smoothed Jaccard: one shared number is weak evidence, five of five are strong.
    shared = len(a.numbers & b.numbers)
    overlap = shared / (len(a.numbers | b.numbers) + 1) if both_numbers else 0.0
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
