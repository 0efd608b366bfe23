"""Stories that heal: the window's stories near the articles just placed, grouped again.

Online, an article never leaves its story, so a wrong early merge stays and
the result depends on the order articles came in: reversed, a story's second
report can start it, and the first report's translations, each scored against
that one report alone, start another. A consolidation looks again, with the
same story rule the online clusterer uses and no parameter of its own, at the
stories the articles learnt since the last one joined and their neighbours
(the stories of their nearest articles):

1. **Split.** A family (one text, in all its versions: it always moves whole)
   whose story's other families score it at or below 0 on average (average
   linkage, each pair of families by its best pair of versions, as
   ``OnlineClusterer.predict_one`` counts a family by its best version) leaves
   its story: for the neighbour that scores it best above 0, else a story of
   its own, in its old story's thread or the thread that fits it better.
   The part with the most articles keeps the story's id: when a family that
   does not fit outweighs all the rest, the rest leave instead, together.
2. **Merge.** Two neighbouring stories whose families score each other above
   0 on average become one, best pair first, while the event days of the
   smaller part lie within ``span_days`` of the larger's span. The larger part
   (the more held articles; the older, when as many) keeps its id and its
   thread; the other id is recorded as absorbed into it.

Only stories that a new article's nearest articles tie to its own (a pair
the story rule scores above 0) are neighbours. Cost per consolidation: one
index search and the story rule over its nearest articles per article learnt
since the last, and over pairs of the touched stories' newest families
(``SAMPLE_FAMILIES`` each), each pair's features computed once: bounded by the
articles learnt, not by the window.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from polywire.cluster.online import (
    CANDIDATES,
    GROUP_SAMPLE,
    OVERSAMPLE,
    REGROUP_AT,
    OnlineClusterer,
    PairScorer,
    within,
)
from polywire.model import Regrouping

SAMPLE_FAMILIES = 16
"""A story's newest families that stand for it when stories are scored against each other."""
ALL = 1 << 30
"""More members than any group holds: ``Groups.newest``'s count for all of them."""

NewStory = Callable[[int], int]
"""Makes an empty story in a thread (its id), for a family that leaves its story alone."""


def consolidate(clusterer: OnlineClusterer, new_story: NewStory) -> Regrouping:
    """Split and merge the stories around the articles learnt since the last call, in the
    clusterer; what changed, for the store to follow."""
    fresh = clusterer.held.indexes(np.asarray(clusterer.fresh, dtype=np.int64)).tolist()
    clusterer.fresh = []
    return _Consolidation(clusterer, new_story).run([int(i) for i in fresh])


class _Consolidation:
    def __init__(self, clusterer: OnlineClusterer, new_story: NewStory) -> None:
        self.c = clusterer
        self.held = clusterer.held
        self.rule = clusterer.params.story
        self.new_story = new_story
        self._scorers: dict[int, PairScorer] = {}
        self._pairs: dict[tuple[int, int], float] = {}
        self.merged: dict[int, int] = {}
        self.families: dict[int, int] = {}
        self.threads: dict[int, int] = {}
        self.created: set[int] = set()
        self.grown: set[int] = set()

    def run(self, fresh: list[int]) -> Regrouping:
        if not fresh:
            return Regrouping()
        changed = {self.story_of(i) for i in fresh}
        neighbours = {story: set[int]() for story in changed}
        for index in fresh:
            neighbours[self.story_of(index)] |= self.near_stories(index)
        for story in sorted(changed):
            for group in self.leavers(story):
                target = self.leave(group, story, neighbours[story])
                neighbours.setdefault(target, set()).update(neighbours[story] | {story})
        self.merge(neighbours)
        for story in sorted(self.grown - set(self.merged)):
            if (thread := self.c.rethread(self.members(story))) is not None:
                self.threads[story] = thread
        merged = {old: self.final(old) for old in self.merged if old not in self.created}
        families = {family: self.final(story) for family, story in self.families.items()}
        threads = {
            story: thread for story, thread in self.threads.items() if story not in self.merged
        }
        return Regrouping(merged, families, threads)

    def story_of(self, index: int) -> int:
        return self.held.placement(index).story

    def final(self, story: int) -> int:
        """Where a story's articles are now, after the merges that followed."""
        while story in self.merged:
            story = self.merged[story]
        return story

    def near_stories(self, index: int) -> set[int]:
        """The other stories of the held articles nearest ``index`` (as ``predict_one`` finds
        them) that the story rule puts with it: only those could be one story with its own."""
        time = float(self.held.times[index])
        window = self.c.window_seconds
        keys = self.c.index.nearest(
            self.held.vectors[index],
            CANDIDATES,
            time - window,
            time + window,
            CANDIDATES * OVERSAMPLE,
        )
        near = self.held.indexes(keys)
        own = self.story_of(index)
        in_window = near[within(self.held.times[near], time, window)][:CANDIDATES].tolist()
        found = [int(i) for i in in_window if self.story_of(int(i)) != own]
        if not found:
            return set()
        logits = self.scorer(index).logits(self.rule, found)
        return {self.story_of(i) for i, logit in zip(found, logits, strict=True) if logit > 0}

    def members(self, story: int) -> list[int]:
        return self.c.stories.newest(story, ALL)

    def story_families(self, story: int) -> list[int]:
        """The story's newest families (``SAMPLE_FAMILIES``), newest first."""
        recent = self.c.stories.newest(story, GROUP_SAMPLE)
        families = dict.fromkeys(self.held.families(np.asarray(recent, np.int64)).tolist())
        return list(families)[:SAMPLE_FAMILIES]

    def pair(self, one: int, other: int) -> float:
        """The story rule's logit for two families: their best pair of versions in the window
        of each other; NaN when no pair is."""
        key = (min(one, other), max(one, other))
        if key not in self._pairs:
            theirs = np.asarray(self.c.families.newest(other, GROUP_SAMPLE), np.int64)
            best = -math.inf
            for index in self.c.families.newest(one, GROUP_SAMPLE):
                scorer = self.scorer(index)
                near = theirs[scorer.in_window(theirs)]
                if len(near):
                    best = max(best, float(scorer.logits(self.rule, near.tolist()).max()))
            self._pairs[key] = best if best > -math.inf else math.nan
        return self._pairs[key]

    def scorer(self, index: int) -> PairScorer:
        if index not in self._scorers:
            self._scorers[index] = PairScorer(
                self.held.point(index),
                self.held.weights(index),
                self.held,
                self.c.window_seconds,
                self.c.params.number_rarity,
            )
        return self._scorers[index]

    def link(self, ones: list[int], others: list[int]) -> float:
        """Average linkage of two sets of families; -inf when no pair is comparable."""
        scores = [self.pair(a, b) for a in ones for b in others if a != b]
        known = [score for score in scores if not math.isnan(score)]
        return float(np.mean(known)) if known else -math.inf

    def leavers(self, story: int) -> list[list[int]]:
        """The families of ``story`` its others score at or below 0 on average, taken out one
        at a time, the worst first (then the smallest, then the newest), each to go on its
        own; but when one of them has more articles than what stays, it stays and the rest
        go, together."""
        families = self.story_families(story)
        sizes = {f: len(self.c.families.newest(f, ALL)) for f in families}
        remaining, leaving = list(families), []
        while len(remaining) > 1:
            scores = {f: self.link([f], [g for g in remaining if g != f]) for f in remaining}
            worst = min(remaining, key=lambda f: (scores[f], sizes[f], families.index(f)))
            if not -math.inf < scores[worst] <= 0:
                break
            remaining.remove(worst)
            leaving.append(worst)
        if not leaving:
            return []
        largest = max(leaving, key=lambda f: sizes[f])
        staying = len(self.members(story)) - sum(sizes[f] for f in leaving)
        if sizes[largest] > staying == sum(sizes[f] for f in remaining):
            leaving.remove(largest)
            return [[f] for f in leaving] + [remaining]
        return [[f] for f in leaving]

    def leave(self, families: list[int], story: int, neighbours: set[int]) -> int:
        """Move ``families`` out of ``story``: to the neighbour that takes them best, else to
        a story of their own."""
        members = sorted(i for f in families for i in self.c.families.newest(f, ALL))[::-1]
        candidates = [s for s in neighbours if s != story and s not in self.merged]
        scored = [(self.link(families, self.story_families(s)), s) for s in candidates]
        fits = [(score, s) for score, s in scored if score > 0 and self.fits_span(members, s)]
        thread = self.held.placement(members[0]).thread
        if fits:
            target = max(fits)[1]
        else:
            target = self.new_story(thread)
            self.created.add(target)
        self.move(members, story, target)
        self.families.update(dict.fromkeys(families, target))
        if target in self.created and (moved := self.c.rethread(self.members(target))):
            self.threads[target] = moved
        return target

    def move(self, members: list[int], story: int, target: int) -> None:
        """Held articles of ``story`` join ``target`` and its thread; a story that grows past
        a size at which a story looks again for its thread (``REGROUP_AT``) will do so."""
        had = len(self.members(target))
        if any(had < size <= had + len(members) for size in REGROUP_AT):
            self.grown.add(target)
        old = self.held.placement(members[0]).thread
        newest = self.c.stories.newest(target, 1)
        thread = self.held.placement(newest[0]).thread if newest else old
        self.c.stories.move(members, story, target)
        if thread != old:
            self.c.threads.move(members, old, thread)
        for index in members:
            self.held.move_to_story(index, target, thread)
        self.threads[target] = thread
        for changed in (story, target):
            self.c.spans.reset(changed, (self.held.event(i) for i in self.members(changed)))

    def fits_span(self, members: list[int], story: int) -> bool:
        """Whether every event day of ``members`` lies within the story's span's reach."""
        return not any(
            self.c.spans.gap(story, self.held.event(i)) > self.c.span_days for i in members
        )

    def merge(self, neighbours: dict[int, set[int]]) -> None:
        """Merge neighbouring stories, the best-linked pair first, while a link is above 0."""
        links: dict[tuple[int, int], float] = {}
        for story, near in neighbours.items():
            for other in near:
                pair = (min(story, other), max(story, other))
                if story != other and pair not in links:
                    links[pair] = self.merge_link(*pair)
        while links:
            (one, other), best = max(links.items(), key=lambda item: (item[1], item[0]))
            if best <= 0:
                return
            keep, absorb = self.keeper(one, other)
            self.move(self.members(absorb), absorb, keep)
            self.merged[absorb] = keep
            self.threads.pop(absorb, None)
            touched = {o for pair in links for o in pair if absorb in pair or keep in pair}
            links = {pair: v for pair, v in links.items() if not {keep, absorb} & set(pair)}
            for o in touched - {keep, absorb}:
                pair = (min(keep, o), max(keep, o))
                links[pair] = self.merge_link(*pair)

    def merge_link(self, one: int, other: int) -> float:
        """The two stories' average linkage, or -inf when the smaller's event days lie out of
        the larger's span's reach."""
        keep, absorb = self.keeper(one, other)
        if not self.fits_span(self.c.stories.newest(absorb, GROUP_SAMPLE), keep):
            return -math.inf
        return self.link(self.story_families(one), self.story_families(other))

    def keeper(self, one: int, other: int) -> tuple[int, int]:
        """(the story that keeps its id, the one absorbed): the larger, else the older."""
        sizes = {s: len(self.members(s)) for s in (one, other)}
        keep = max((one, other), key=lambda s: (sizes[s], -s))
        return keep, other if keep == one else one
