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
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from polywire.cluster.features import Point, pair_features
from polywire.cluster.groups import Groups
from polywire.cluster.held import HeldArticles
from polywire.cluster.index import VectorIndex
from polywire.cluster.lexical import DocumentFrequencies, Weights
from polywire.cluster.params import LinearRule, ModelParams
from polywire.model import Placement

CANDIDATES = 32
# The index is asked for more than CANDIDATES because the time window filters after it.
OVERSAMPLE = 4
GROUP_SAMPLE = 64
"""A group's latest members that stand for it in average linkage: keeps a lookup's cost flat."""


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
        self._held = HeldArticles(dim)
        self._index = VectorIndex(dim)
        self._frequencies = DocumentFrequencies()
        self._families = Groups()
        self._stories = Groups()
        self._threads = Groups()

    def __len__(self) -> int:
        return len(self._held)

    def predict_one(self, point: Point) -> Assignment:
        scorer = _PairScorer(
            point,
            self._frequencies.weigh(point.lang, point.terms),
            self._held,
            self.window_seconds,
        )
        near = self._near(point, scorer)
        if not near:
            return Assignment(None, None, None)
        families = {self._held.placement(i).family for i in near}
        family = _best(families, lambda f: scorer.mean_logit(self.params.family, self._families, f))
        if family is not None:
            held = self._held.placement(self._families.newest(family, 1)[0])
            return Assignment(family, held.story, held.thread)
        stories = {self._held.placement(i).story for i in near}
        story = _best(stories, lambda s: scorer.mean_logit(self.params.story, self._stories, s))
        if story is not None:
            held = self._held.placement(self._stories.newest(story, 1)[0])
            return Assignment(None, story, held.thread)
        threads = {self._held.placement(i).thread for i in near}
        thread = _best(threads, lambda t: scorer.mean_logit(self.params.thread, self._threads, t))
        return Assignment(None, None, thread)

    def learn_one(self, point: Point, placement: Placement) -> None:
        self._frequencies.add(point.lang, point.terms)
        weights = self._frequencies.weigh(point.lang, point.terms)
        index = self._held.add(point, weights, placement)
        self._index.add(index, point.vector)
        self._families.add(placement.family, index)
        self._stories.add(placement.story, index)
        self._threads.add(placement.thread, index)

    def _near(self, point: Point, scorer: _PairScorer) -> list[int]:
        """The held articles in the time window most similar to ``point``."""
        found = self._index.nearest(point.vector, CANDIDATES * OVERSAMPLE)
        return [int(i) for i in found[scorer.in_window(found)][:CANDIDATES]]


class _PairScorer:
    """Scores one new point against held ones, computing each pair's features once."""

    def __init__(
        self, point: Point, weights: Weights, held: HeldArticles, window_seconds: float
    ) -> None:
        self._point = point
        self._weights = weights
        self._held = held
        self._window_seconds = window_seconds
        self._features: dict[int, list[float]] = {}

    def in_window(self, indices: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        if self._point.time is None:
            return np.ones(len(indices), dtype=bool)
        gaps = np.abs(self._held.times[indices] - self._point.time.timestamp())
        # Unknown times are NaN, which no comparison puts outside the window.
        return ~(gaps > self._window_seconds)

    def mean_logit(self, rule: LinearRule, groups: Groups, group: int) -> float:
        """Average linkage: the rule's mean score over a group's recent members in the window."""
        recent = np.asarray(groups.newest(group, GROUP_SAMPLE), dtype=np.int64)
        recent = recent[self.in_window(recent)]
        return float(np.mean(self.logits(rule, recent.tolist()))) if len(recent) else -np.inf

    def logits(self, rule: LinearRule, indices: list[int]) -> npt.NDArray[np.float64]:
        if rule.dense_only:
            # Threads are judged on similarity alone: one matrix product, no per-pair work.
            features = np.zeros((len(indices), len(rule.weights)))
            features[:, 0] = self._held.vectors[indices] @ self._point.vector
            return rule.logits(features)
        rows = [self._pair(i) for i in indices]
        return rule.logits(np.array(rows, dtype=np.float64).reshape(len(rows), len(rule.weights)))

    def _pair(self, index: int) -> list[float]:
        if index not in self._features:
            self._features[index] = pair_features(
                self._point,
                self._held.point(index),
                float(self._held.vectors[index] @ self._point.vector),
                self._weights,
                self._held.weights(index),
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
