"""Clustering a list of points with no store behind: evaluation, fitting, benchmarks."""

from __future__ import annotations

import itertools

from polywire.cluster.consolidate import consolidate
from polywire.cluster.features import Point
from polywire.cluster.online import OnlineClusterer
from polywire.model import Placement, Regrouping


def cluster_in_memory(
    clusterer: OnlineClusterer, points: list[Point], consolidate_every: int = 0
) -> list[Placement]:
    """Each point's family, story and thread once all are placed, in order, new groups
    numbered as they start. With ``consolidate_every``, a healing clusterer's stories are
    consolidated each time that many points were learnt and at the end (the pipeline
    does it at the end of the first batch by which that many were learnt), so that what is
    scored is what a store would hold."""
    counter = itertools.count(1)
    families: list[int] = []
    story_of: dict[int, int] = {}
    thread_of: dict[int, int] = {}
    for learnt, point in enumerate(points, 1):
        proposed = clusterer.predict_one(point)
        placement = Placement(
            family=proposed.family or next(counter),
            story=proposed.story or next(counter),
            thread=proposed.thread or next(counter),
        )
        clusterer.learn_one(point, placement)
        families.append(placement.family)
        story_of[placement.family] = placement.story
        thread_of[placement.story] = clusterer.regroup(placement.story) or placement.thread
        if consolidate_every and (learnt % consolidate_every == 0 or learnt == len(points)):
            _follow(consolidate(clusterer, lambda _thread: next(counter)), story_of, thread_of)
    return [Placement(f, story_of[f], thread_of[story_of[f]]) for f in families]


def _follow(regrouping: Regrouping, story_of: dict[int, int], thread_of: dict[int, int]) -> None:
    """Follow a consolidation's moves, as ``Store.regroup`` does."""
    story_of.update(regrouping.families)
    thread_of.update(regrouping.threads)
    for absorbed, into in regrouping.merged.items():
        for family, story in story_of.items():
            if story == absorbed:
                story_of[family] = into
