"""Online clustering: one article at a time, in arrival order.

Three decisions, strictest first, each among the groups of the nearest
articles in the time window:

1. **Family**: the same text (a translation or copy). The family rule's score
   averaged over all the family's articles (average linkage) must be above 0:
   a report of the same event can look like one version, never like all.
2. **Story**: the same event, by the story rule, likewise.
3. **Thread**: related events: the thread rule's mean score, likewise.

Whatever joins nothing starts a new group at that level.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from polywire.cluster.features import Point, pair_features
from polywire.cluster.lexical import DocumentFrequencies, Weights
from polywire.cluster.params import LinearRule, ModelParams
from polywire.model import Placement

CANDIDATES = 32
_INITIAL_CAPACITY = 1024
Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Assignment:
    """Groups an article should join; None means "start a new one"."""

    family: int | None
    story: int | None
    thread: int | None


class OnlineClusterer:
    """``predict_one`` proposes where a point belongs; ``learn_one`` records where it went."""

    def __init__(self, params: ModelParams, window_days: float, dim: int) -> None:
        self.params = params
        self.window_seconds = window_days * 86400.0
        self._vectors = np.empty((_INITIAL_CAPACITY, dim), dtype=np.float32)
        self._times = np.empty(_INITIAL_CAPACITY, dtype=np.float64)
        self._size = 0
        self._points: list[Point] = []
        self._weights: list[Weights] = []
        self._frequencies = DocumentFrequencies()
        self._labels: list[Placement] = []
        self._family_members: dict[int, list[int]] = defaultdict(list)
        self._story_members: dict[int, list[int]] = defaultdict(list)
        self._thread_members: dict[int, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return self._size

    def predict_one(self, point: Point) -> Assignment:
        if self._size == 0:
            return Assignment(None, None, None)
        sims = self._vectors[: self._size] @ point.vector
        if point.time is not None:
            # Unknown times are NaN, which no comparison puts outside the window.
            gaps = np.abs(self._times[: self._size] - point.time.timestamp())
            sims[gaps > self.window_seconds] = -np.inf
        k = min(CANDIDATES, self._size)
        near = [int(i) for i in np.argpartition(-sims, k - 1)[:k] if np.isfinite(sims[i])]

        scorer = _PairScorer(
            point,
            self._frequencies.weigh(point.lang, point.terms),
            sims,
            self._points,
            self._weights,
        )
        families = {self._labels[i].family for i in near}
        family = _best(
            families, lambda f: scorer.mean_logit(self.params.family, self._family_members[f])
        )
        if family is not None:
            held = self._labels[self._family_members[family][0]]
            return Assignment(family, held.story, held.thread)
        stories = {self._labels[i].story for i in near}
        story = _best(
            stories, lambda s: scorer.mean_logit(self.params.story, self._story_members[s])
        )
        if story is not None:
            return Assignment(None, story, self._labels[self._story_members[story][0]].thread)
        threads = {self._labels[i].thread for i in near}
        thread = _best(
            threads, lambda t: scorer.mean_logit(self.params.thread, self._thread_members[t])
        )
        return Assignment(None, None, thread)

    def learn_one(self, point: Point, placement: Placement) -> None:
        if self._size == len(self._times):
            self._vectors = np.resize(self._vectors, (2 * self._size, self._vectors.shape[1]))
            self._times = np.resize(self._times, 2 * self._size)
        index = self._size
        self._vectors[index] = point.vector
        self._times[index] = point.time.timestamp() if point.time else np.nan
        self._points.append(point)
        self._frequencies.add(point.lang, point.terms)
        self._weights.append(self._frequencies.weigh(point.lang, point.terms))
        self._labels.append(placement)
        self._family_members[placement.family].append(index)
        self._story_members[placement.story].append(index)
        self._thread_members[placement.thread].append(index)
        self._size += 1


class _PairScorer:
    """Scores one new point against held ones, computing each pair's features once."""

    def __init__(
        self,
        point: Point,
        weights: Weights,
        sims: Floats,
        held: list[Point],
        held_weights: list[Weights],
    ) -> None:
        self._point = point
        self._weights = weights
        self._sims = sims
        self._held = held
        self._held_weights = held_weights
        self._features: dict[int, list[float]] = {}

    def mean_logit(self, rule: LinearRule, members: list[int]) -> float:
        """Average linkage: the rule's mean score over a group's members in the window."""
        in_window = [i for i in members if np.isfinite(self._sims[i])]
        return float(np.mean(self.logits(rule, in_window))) if in_window else -np.inf

    def logits(self, rule: LinearRule, indices: list[int]) -> npt.NDArray[np.float64]:
        rows = [self._pair(i) for i in indices]
        return rule.logits(np.array(rows, dtype=np.float64).reshape(len(rows), len(rule.weights)))

    def _pair(self, index: int) -> list[float]:
        if index not in self._features:
            self._features[index] = pair_features(
                self._point,
                self._held[index],
                float(self._sims[index]),
                self._weights,
                self._held_weights[index],
            )
        return self._features[index]


def _best(groups: set[int], score: Callable[[int], float]) -> int | None:
    """The group with the highest positive score, if any."""
    scored = [(float(score(group)), group) for group in groups]
    top = max(scored, default=(0.0, None))
    return top[1] if top[0] > 0 else None


def cluster_in_memory(clusterer: OnlineClusterer, points: list[Point]) -> list[Placement]:
    """Cluster points in order with no store behind, numbering new groups as they start."""
    counter = itertools.count(1)
    placements = []
    for point in points:
        proposed = clusterer.predict_one(point)
        placement = Placement(
            family=proposed.family or next(counter),
            story=proposed.story or next(counter),
            thread=proposed.thread or next(counter),
        )
        clusterer.learn_one(point, placement)
        placements.append(placement)
    return placements
