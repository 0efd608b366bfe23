"""Clustering in memory, with and without consolidation, as evaluation and fitting run it."""

from __future__ import annotations

import pytest

from polywire.cluster import OnlineClusterer, cluster_in_memory
from tests.cluster.test_consolidate import at
from tests.cluster.test_online import DIM, PARAMS

# b joins a (0.7) before c and d show what b's event is: close to b, far from a.
WRONG_EARLY_MERGE = [
    at(1, 0, 0, 0),
    at(0.7, 0.714, 0, 0),
    at(0.4, 0.798, 0.45, 0),
    at(0.4, 0.798, 0.118, 0.435),
]
# p alone; q1 starts a story of its own; q2, q1's translation, scores 0.7 to p.
SPLIT_BY_ORDER = [at(1, 0, 0, 0), at(0.55, 0.835, 0, 0), at(0.7, 0.71, 0.05, 0)]


def healing() -> OnlineClusterer:
    return OnlineClusterer(PARAMS, window_days=30, dim=DIM, span_days=7, heal=True)


def test_without_consolidation_the_first_placement_stays() -> None:
    placed = cluster_in_memory(healing(), WRONG_EARLY_MERGE)
    assert len({p.story for p in placed}) == 1
    placed = cluster_in_memory(healing(), SPLIT_BY_ORDER)
    assert len({p.story for p in placed}) == 2


@pytest.mark.parametrize("every", [1, 2, 4])
def test_consolidation_undoes_a_wrong_early_merge(every: int) -> None:
    a, *rest = cluster_in_memory(healing(), WRONG_EARLY_MERGE, consolidate_every=every)
    assert len({p.story for p in rest}) == 1 and a.story != rest[0].story
    assert {p.family for p in rest}.isdisjoint({a.family})


def test_consolidation_merges_what_arrival_order_split_and_reports_the_final_ids() -> None:
    p, q1, q2 = cluster_in_memory(healing(), SPLIT_BY_ORDER, consolidate_every=3)
    assert p.story == q1.story == q2.story  # the absorbed story's article follows the merge
    assert p.thread == q1.thread == q2.thread


def test_a_clusterer_that_does_not_heal_is_not_consolidated() -> None:
    plain = OnlineClusterer(PARAMS, window_days=30, dim=DIM, span_days=7)
    placed = cluster_in_memory(plain, WRONG_EARLY_MERGE, consolidate_every=1)
    assert len({p.story for p in placed}) == 1
