"""Online clustering: one article at a time, in arrival order.

Three decisions, strictest first, each among the groups of the nearest
articles in the time window:

1. **Family**: the same text (a translation or copy). The family rule's score
   averaged over all the family's articles (average linkage) must be above 0:
   a report of the same event can look like one version, never like all.
2. **Story**: the same event, by the story rule, likewise, but counting each
   family once, by its best-matching version: a text in four languages is
   one report of the event, not four. An event happens at a time: an article
   whose event date lies more than ``span_days`` outside a story's span of
   event dates (``span``) does not join it, however close its text. With no
   date on either side, the text alone decides.
3. **Thread**: related events: the thread rule's mean score, likewise. A
   thread has no bound in time: a donor conference two weeks after an
   earthquake is another story in the earthquake's thread.

Whatever joins nothing starts a new group at that level.

The window slides: it ends at the latest publication time seen, and once a
slice of time (``SlicedIndex``) lies wholly before the window, its articles
leave the clusterer, their index and their word frequencies, as soon as more
than ``keep_articles`` are held. What is held is thus the window's articles
(or ``keep_articles``, if more), whatever the store holds; an undated article
stays as long as a dated one that arrived with it would. The floor is for
archives ingested out of order: a report of 2009 that arrives after one of
2013 still finds the 2009 reports before it, where a window sliding at once
would have let them go (ECB+ dev, file order: story B³ 0.831 sliding at once,
0.848 kept).

A story's first article says little about what else it relates to, so a
story looks again as it grows (``regroup``): it moves to the thread whose
articles its own match best by the thread rule, if they match it better than
the rest of their own thread. An early wrong thread is thus undone, whatever
the order the articles came in.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from polywire.cluster.features import Point, pair_features
from polywire.cluster.groups import Groups
from polywire.cluster.held import HeldArticles
from polywire.cluster.index import SLICES_PER_WINDOW, SlicedIndex
from polywire.cluster.lexical import DocumentFrequencies, Weights
from polywire.cluster.params import LinearRule, ModelParams
from polywire.cluster.span import Spans
from polywire.model import Assignment, Placement

CANDIDATES = 32
# A slice of the index only partly in the window is asked for more than CANDIDATES, as the
# time filter drops some of what it gives.
OVERSAMPLE = 4
GROUP_SAMPLE = 64
"""A group's latest members that stand for it in average linkage: keeps a lookup's cost flat."""
REGROUP_AT = frozenset({2, 3, 4, 6, 8, 12, 16, 24, 32})
"""Story sizes at which a story looks again for the thread it fits best."""


class OnlineClusterer:
    """``predict_one`` proposes where a point belongs; ``learn_one`` records where it went;
    ``regroup`` then says whether the point's story, grown, belongs in another thread."""

    def __init__(
        self,
        params: ModelParams,
        window_days: float,
        dim: int,
        span_days: float = math.inf,
        keep_articles: int = 0,
        heal: bool = False,
    ) -> None:
        """``heal``: note the articles learnt, for ``consolidate`` to look at again."""
        self.params = params
        self.heal = heal
        self.fresh: list[int] = []
        """Keys of the articles learnt since the last consolidation (when ``heal``)."""
        self.keep_articles = keep_articles
        self.window_seconds = window_days * 86400.0
        self.span_days = span_days
        self.spans = Spans()
        self.held = HeldArticles(dim)
        self.index = SlicedIndex(dim, self.window_seconds / SLICES_PER_WINDOW)
        self._clock = math.nan
        """The latest publication time seen (POSIX seconds): where the window ends."""
        self._first_slice: float = -math.inf
        """The first slice in the window when it last slid."""
        self._frequencies = DocumentFrequencies()
        self.families = Groups()
        self.stories = Groups()
        self.threads = Groups()

    def __len__(self) -> int:
        return len(self.held)

    def __getstate__(self) -> dict[str, object]:
        # The rules and the floor are the caller's: a snapshot holds what was learnt.
        mine = ("params", "keep_articles", "heal")
        return {k: v for k, v in self.__dict__.items() if k not in mine}

    def restore(self, state: dict[str, object]) -> None:
        """Take the learnt state of a pickled clusterer with the same window and span."""
        if (state["window_seconds"], state["span_days"]) != (self.window_seconds, self.span_days):
            raise ValueError("the snapshot was made with another window or story span")
        self.__dict__.update(state)

    def candidates(self, point: Point) -> list[Placement]:
        """Where the held articles that ``point`` is compared with were placed, nearest first."""
        scorer = PairScorer(point, {}, self.held, self.window_seconds, self.params.number_rarity)
        return [self.held.placement(i) for i in self._near(point, scorer)]

    def predict_one(self, point: Point, opinion: SecondOpinion | None = None) -> Assignment:
        """Where ``point`` belongs; ``opinion`` decides families whose score lies in its band."""
        scorer = PairScorer(
            point,
            self._frequencies.weigh(point.lang, point.terms),
            self.held,
            self.window_seconds,
            self.params.number_rarity,
        )
        near = self._near(point, scorer)
        if not near:
            return Assignment(None, None, None)
        families = {self.held.placement(i).family for i in near}
        family = self._family(point, scorer, families, opinion)
        if family is not None:
            held = self.held.placement(self.families.newest(family, 1)[0])
            return Assignment(family, held.story, held.thread)
        stories = {
            story
            for story in {self.held.placement(i).story for i in near}
            if not self.spans.gap(story, point.event) > self.span_days  # NaN: no date
        }
        story = _best(
            stories, lambda s: scorer.mean_logit(self.params.story, self.stories, s, by_text=True)
        )
        if story is not None:
            held = self.held.placement(self.stories.newest(story, 1)[0])
            return Assignment(None, story, held.thread)
        threads = {self.held.placement(i).thread for i in near}
        thread = _best(threads, lambda t: scorer.mean_logit(self.params.thread, self.threads, t))
        return Assignment(None, None, thread)

    def _family(
        self,
        point: Point,
        scorer: PairScorer,
        families: set[int],
        opinion: SecondOpinion | None,
    ) -> int | None:
        """The family ``point`` joins: the best one scored above 0, or, with a second opinion,
        the best one the opinion does not overrule, best first. It decides on the families
        whose score lies in its band and in none of whose languages ``point`` is: within a
        language, a copy shares its words, which the rule reads."""
        scores = {f: scorer.mean_logit(self.params.family, self.families, f) for f in families}
        if opinion is None:
            return _best(families, lambda f: scores[f])
        for family in sorted(scores, key=lambda f: (-scores[f], f)):
            score = scores[family]
            verdict = None
            if opinion.low < score <= opinion.high and point.lang not in self._languages(family):
                verdict = opinion.agrees(family)
            if verdict if verdict is not None else score > 0:
                return family
        return None

    def _languages(self, family: int) -> set[str]:
        return {self.held.lang(i) for i in self.families.newest(family, GROUP_SAMPLE)}

    def learn_one(self, point: Point, placement: Placement) -> None:
        self._frequencies.add(point.lang, point.terms)
        weights = self._frequencies.weigh(point.lang, point.terms)
        time = point.time.timestamp() if point.time else math.nan
        if not math.isnan(time) and not time <= self._clock:  # also while the clock is NaN
            self._clock = time
        slot = time if not math.isnan(time) else self._clock
        index = self.held.add(point, weights, placement, slot)
        if self.heal:
            self.fresh.append(self.held.key(index))
        # Indexed as undated, not at its slot: its event may lie anywhere in time, so every
        # dated article's search must see it (ECB+ dev, shuffled: story B³ 0.82 at its slot).
        self.index.add(self.held.key(index), point.vector, time)
        self.families.add(placement.family, index)
        self.stories.add(placement.story, index)
        self.threads.add(placement.thread, index)
        self.spans.add(placement.story, point.event)
        self._slide()

    def _slide(self) -> None:
        """Let the slices wholly before the window go, with their articles, once more than
        ``keep_articles`` are held."""
        if math.isnan(self._clock) or len(self.held) <= self.keep_articles:
            return
        first = self.index.slice_of(self._clock - self.window_seconds)
        if first is None or first <= self._first_slice:
            return  # the window has not left a slice since the last look
        self._first_slice = first
        gone = self.held.slots < first * self.index.slice_seconds  # NaN: kept
        if not gone.any():
            return
        self.index.drop_before(first)
        undated = gone & np.isnan(self.held.times)
        self.index.forget_undated(
            np.asarray([self.held.key(i) for i in np.flatnonzero(undated).tolist()], np.int64)
        )
        for index in np.flatnonzero(gone).tolist():
            self._frequencies.remove(self.held.lang(index), self.held.terms(index).tolist())
        renumbered = self.held.keep(~gone)
        for groups in (self.families, self.stories, self.threads):
            groups.keep(renumbered)
        self.spans.keep(set(self.held.labels()[:, 1].tolist()))

    def regroup(self, story: int) -> int | None:
        """The thread ``story`` moves to, if it has just grown to a size in ``REGROUP_AT`` and
        its articles match another thread's better than the rest of their own (mean logit,
        which must also be > 0)."""
        members = self.stories.newest(story, max(REGROUP_AT) + 1)
        if len(members) not in REGROUP_AT:
            return None
        return self.rethread(members)

    def rethread(self, members: list[int]) -> int | None:
        """The thread a story of these held articles (newest first, all of the story) moves
        to, by ``regroup``'s test, whatever its size."""
        own = self.held.placement(members[0]).thread
        vectors = self.held.vectors[members]
        anchor = self.held.times[members[0]]
        mine = set(members)

        @cache
        def score(thread: int) -> float:
            """How well the story's articles match the thread's, leaving out their own."""
            recent = self.threads.newest(thread, GROUP_SAMPLE + len(members))
            others = np.asarray([i for i in recent if i not in mine][:GROUP_SAMPLE], np.int64)
            others = others[within(self.held.times[others], anchor, self.window_seconds)]
            if not len(others):
                return -np.inf
            similarities = (vectors @ self.held.vectors[others].T).reshape(-1)
            return float(np.mean(_dense_logits(self.params.thread, similarities)))

        # One search, from the story's centre, proposes the threads: a search per member would
        # double the cost of placing the article that triggers the look.
        centre = vectors.mean(axis=0)
        low, high = anchor - self.window_seconds, anchor + self.window_seconds
        keys = self.index.nearest(
            centre / (np.linalg.norm(centre) or 1.0), CANDIDATES, low, high, CANDIDATES
        )
        nearest = self.held.indexes(keys)[:CANDIDATES]
        threads = {self.held.placement(int(i)).thread for i in nearest} - {own}
        target = _best(threads, score)
        if target is None or score(target) <= score(own):
            return None
        for member in reversed(members):  # oldest first keeps the thread's order of arrival
            self.threads.remove(own, member)
            self.held.move_to_thread(member, target)
            self.threads.add(target, member)
        return target

    def _near(self, point: Point, scorer: PairScorer) -> list[int]:
        """The held articles in the time window most similar to ``point``."""
        time = point.time.timestamp() if point.time else math.nan
        low, high = time - self.window_seconds, time + self.window_seconds
        keys = self.index.nearest(point.vector, CANDIDATES, low, high, CANDIDATES * OVERSAMPLE)
        found = self.held.indexes(keys)
        return [int(i) for i in found[scorer.in_window(found)][:CANDIDATES]]


@dataclass(frozen=True)
class SecondOpinion:
    """Where the family rule is unsure, something else decides: a family whose score lies in
    (``low``, ``high``] is joined when ``agrees(family)`` (the pipeline aligns the texts'
    sentences, ``link.second_opinion``); when it abstains (None), the rule decides."""

    low: float
    high: float
    agrees: Callable[[int], bool | None]


class PairScorer:
    """Scores one new point against held ones, computing each pair's features once."""

    def __init__(
        self,
        point: Point,
        weights: Weights,
        held: HeldArticles,
        window_seconds: float,
        rarity: tuple[float, ...],
    ) -> None:
        self._point = point
        self._rarity = rarity
        self._weights = weights
        self.held = held
        self._window_seconds = window_seconds
        self._features: dict[int, list[float]] = {}

    def in_window(self, indices: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        time = self._point.time.timestamp() if self._point.time else np.nan
        return within(self.held.times[indices], time, self._window_seconds)

    def mean_logit(
        self, rule: LinearRule, groups: Groups, group: int, by_text: bool = False
    ) -> float:
        """Average linkage: the rule's mean score over a group's recent members in the window.

        ``by_text``: each family (one text, in all its versions) counts once, by the version
        that scores best, often the one in the point's own language. Otherwise a text with
        four translations would outvote a story's other reports four to one.
        """
        recent = np.asarray(groups.newest(group, GROUP_SAMPLE), dtype=np.int64)
        recent = recent[self.in_window(recent)]
        if not len(recent):
            return -np.inf
        logits = self.logits(rule, recent.tolist())
        if by_text:
            _, family = np.unique(self.held.families(recent), return_inverse=True)
            best = np.full(family.max() + 1, -np.inf)
            np.maximum.at(best, family, logits)
            logits = best
        return float(np.mean(logits))

    def logits(self, rule: LinearRule, indices: list[int]) -> npt.NDArray[np.float64]:
        if rule.dense_only:
            # Threads are judged on similarity alone: one matrix product, no per-pair work.
            return _dense_logits(rule, self.held.vectors[indices] @ self._point.vector)
        rows = [self._pair(i) for i in indices]
        return rule.logits(np.array(rows, dtype=np.float64).reshape(len(rows), len(rule.weights)))

    def _pair(self, index: int) -> list[float]:
        if index not in self._features:
            self._features[index] = pair_features(
                self._point,
                self.held.point(index),
                float(self.held.vectors[index] @ self._point.vector),
                self._weights,
                self.held.weights(index),
                self._rarity,
            )
        return self._features[index]


def within(
    times: npt.NDArray[np.float64], time: float, window_seconds: float
) -> npt.NDArray[np.bool_]:
    """Which times lie within the window around ``time``.

    Unknown times are NaN, which no comparison puts outside the window.
    """
    return ~(np.abs(times - time) > window_seconds)


def _dense_logits(
    rule: LinearRule, similarities: npt.NDArray[np.float32]
) -> npt.NDArray[np.float64]:
    """A dense-only rule's logits for a vector of similarities."""
    if not rule.dense_only:
        raise ValueError("the rule reads more than dense similarity")
    features = np.zeros((len(similarities), len(rule.weights)))
    features[:, 0] = similarities
    return rule.logits(features)


def _best(groups: set[int], score: Callable[[int], float]) -> int | None:
    """The group with the highest positive score, if any."""
    scored = [(float(score(group)), group) for group in groups]
    top = max(scored, default=(0.0, None))
    return top[1] if top[0] > 0 else None
