"""Extraction quality: token-shingle precision, recall and F1 against a gold article body.

The measure of the article-extraction-benchmark: 4-token shingles, counts
normalised per page so long pages weigh no more than short ones, precision and
recall averaged over pages, F1 of the averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from polywire.evaluate.metrics import PRF

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class PageMatch:
    """Normalised true positives, false positives and false negatives of one page."""

    tp: float
    fp: float
    fn: float


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(
        tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))
    ) - Counter({(): 1})


def match(gold: str, predicted: str) -> PageMatch:
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return PageMatch(tp / total, fp / total, fn / total) if total else PageMatch(0, 0, 0)


def corpus_score(pages: Sequence[PageMatch]) -> PRF:
    precisions = [_ratio(m.tp, m.fp, m.fn, m.fp) for m in pages if m.tp + m.fp > 0]
    recalls = [_ratio(m.tp, m.fp, m.fn, m.fn) for m in pages if m.tp + m.fn > 0]
    return PRF(
        sum(precisions) / len(precisions) if precisions else 0.0,
        sum(recalls) / len(recalls) if recalls else 0.0,
    )


def _ratio(tp: float, fp: float, fn: float, miss: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + miss) if tp + miss else 0.0
