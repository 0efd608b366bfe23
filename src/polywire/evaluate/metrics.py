"""Clustering metrics, implemented once: BCubed, pairwise and adjusted Rand index."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import comb


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Scores:
    bcubed: PRF
    pairwise: PRF
    ari: float


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """Per-item precision and recall of the item's cluster, averaged over items."""
    _check(gold, predicted)
    joint = Counter(zip(gold, predicted, strict=True))
    gold_sizes, pred_sizes = Counter(gold), Counter(predicted)
    precision = sum(n * n / pred_sizes[p] for (_, p), n in joint.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in joint.items()) / len(gold)
    return PRF(precision, recall)


def pairwise(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """Precision and recall over the pairs of items put together."""
    _check(gold, predicted)
    both = sum(comb(n, 2) for n in Counter(zip(gold, predicted, strict=True)).values())
    pred_pairs = sum(comb(n, 2) for n in Counter(predicted).values())
    gold_pairs = sum(comb(n, 2) for n in Counter(gold).values())
    return PRF(both / pred_pairs if pred_pairs else 1.0, both / gold_pairs if gold_pairs else 1.0)


def adjusted_rand_index(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    _check(gold, predicted)
    both = sum(comb(n, 2) for n in Counter(zip(gold, predicted, strict=True)).values())
    gold_pairs = sum(comb(n, 2) for n in Counter(gold).values())
    pred_pairs = sum(comb(n, 2) for n in Counter(predicted).values())
    expected = gold_pairs * pred_pairs / comb(len(gold), 2) if len(gold) > 1 else 0.0
    maximum = (gold_pairs + pred_pairs) / 2
    return 1.0 if maximum == expected else (both - expected) / (maximum - expected)


def score(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Scores:
    return Scores(
        bcubed(gold, predicted), pairwise(gold, predicted), adjusted_rand_index(gold, predicted)
    )


def _check(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> None:
    if len(gold) != len(predicted) or not gold:
        raise ValueError("gold and predicted must be non-empty and of the same length")
