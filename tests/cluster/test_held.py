"""The window's flat columns give back what they were given."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from polywire.cluster import Point
from polywire.cluster.groups import Groups
from polywire.cluster.held import HeldArticles
from polywire.cluster.index import VectorIndex
from polywire.model import Placement


def test_points_round_trip_through_growing_columns() -> None:
    held = HeldArticles(dim=3)
    rng = np.random.default_rng(0)
    points = [
        Point(
            vector=rng.standard_normal(3).astype(np.float32),
            time=datetime(2026, 1, 1 + i % 28, tzinfo=UTC) if i % 3 else None,
            lang=("en", "ru", "ar")[i % 3],
            numbers=frozenset(range(i % 5)),
            terms={i: 2, i + 10_000: 1} if i % 4 else {},
            days=frozenset({(i % 12 + 1, i % 31 + 1)}),
        )
        for i in range(2500)  # past the initial capacity, so the columns grow
    ]
    for i, point in enumerate(points):
        weights = {term: 1 / (term + 1) for term in point.terms}
        assert held.add(point, weights, Placement(i, i // 2, i // 4)) == i
    assert len(held) == len(points)
    for i in (0, 1, 1023, 1024, 2499):
        got = held.point(i)
        assert got.time == points[i].time and got.lang == points[i].lang
        assert (got.numbers, got.terms, got.days) == (
            points[i].numbers,
            points[i].terms,
            points[i].days,
        )
        np.testing.assert_array_equal(got.vector, points[i].vector)
        assert held.placement(i) == Placement(i, i // 2, i // 4)
        assert held.weights(i) == pytest.approx({t: 1 / (t + 1) for t in points[i].terms})


def test_groups_list_their_newest_members_first() -> None:
    groups = Groups()
    for index, group in enumerate([5, 7, 5, 5, 5000]):
        groups.add(group, index)
    assert groups.newest(5, 10) == [3, 2, 0]
    assert groups.newest(5, 2) == [3, 2]
    assert groups.newest(5000, 10) == [4]
    assert groups.newest(6, 10) == []
    assert groups.newest(10**6, 10) == []


def test_vector_index_finds_the_nearest_first() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((500, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = VectorIndex(16)
    assert len(index.nearest(vectors[0], 5)) == 0
    for key, vector in enumerate(vectors):
        index.add(key, vector)
    hits = sum(int(index.nearest(v, 1)[0]) == key for key, v in enumerate(vectors))
    assert hits >= 495
