"""The window's flat columns give back what they were given."""

from __future__ import annotations

import math
import pickle
from datetime import UTC, datetime

import numpy as np
import pytest

from polywire.cluster import Point
from polywire.cluster.groups import Groups
from polywire.cluster.held import BUILT, HeldArticles
from polywire.cluster.index import SlicedIndex, VectorIndex
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
        assert held.add(point, weights, Placement(i, i // 2, i // 4), float(i)) == i
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
    # Every third article leaves; the rest keep their fields and keys, renumbered in order.
    kept = np.arange(len(points)) % 3 != 0
    renumbered = held.keep(kept)
    assert len(held) == kept.sum() and renumbered[0] == -1 and renumbered[2] == 1
    for old in (1, 1024, 2498):
        new = int(renumbered[old])
        got = held.point(new)
        assert (got.time, got.terms, got.days) == (
            points[old].time,
            points[old].terms,
            points[old].days,
        )
        np.testing.assert_array_equal(got.vector, points[old].vector)
        assert held.placement(new) == Placement(old, old // 2, old // 4)
        assert held.key(new) == old and held.slots[new] == old
    assert held.indexes(np.array([2498, 3, 1], dtype=np.int64)).tolist() == [
        renumbered[2498],
        renumbered[1],
    ]
    point = points[0]
    assert held.add(point, {}, Placement(1, 1, 1), 0.0) == kept.sum()
    assert held.key(len(held) - 1) == len(points)  # a key is never given twice


def test_built_articles_are_the_held_ones_after_pickling_and_past_the_bound() -> None:
    held = HeldArticles(dim=2)
    count = BUILT + 10
    for i in range(count):
        point = Point(
            vector=np.array([i, 1], dtype=np.float32),
            time=None,
            lang="en",
            numbers=frozenset({i}),
            terms={i: 1, i + 1: 2},
            days=frozenset(),
        )
        held.add(point, {i: 0.5, i + 1: 0.25}, Placement(i, i, i), 0.0)
    unbuilt = pickle.dumps(held)
    for i in range(count):  # past the bound: the built are forgotten, then built again
        assert held.point(i).numbers == {i} and held.weights(i) == {i: 0.5, i + 1: 0.25}
    assert pickle.dumps(held) == unbuilt  # a snapshot holds what is held, not what is built
    again = pickle.loads(unbuilt)
    assert again.point(3).terms == {3: 1, 4: 2} and again.weights(count - 1) == {
        count - 1: 0.5,
        count: 0.25,
    }


def test_groups_list_their_newest_members_first() -> None:
    groups = Groups()
    for index, group in enumerate([5, 7, 5, 5, 5000]):
        groups.add(group, index)
    assert groups.newest(5, 10) == [3, 2, 0]
    assert groups.newest(5, 2) == [3, 2]
    assert groups.newest(5000, 10) == [4]
    assert groups.newest(6, 10) == []
    assert groups.newest(10**6, 10) == []


def test_groups_keep_their_order_when_members_leave() -> None:
    groups = Groups()
    for index, group in enumerate([5, 7, 5, 5, 9, 5]):
        groups.add(group, index)
    groups.remove(5, 2)
    groups.add(9, 2)  # moved: 9 is now [4, 2], newest last
    groups.keep(np.array([-1, 0, 1, 2, 3, 4], dtype=np.int64))  # article 0 leaves
    assert groups.newest(5, 10) == [4, 2]
    assert groups.newest(9, 10) == [1, 3]
    assert groups.newest(7, 10) == [0]
    groups.keep(np.array([-1, 0, 1, 2, 3], dtype=np.int64))  # the only member of 7 leaves
    assert groups.newest(7, 10) == [] and len(groups) == 2


def test_sliced_index_searches_only_the_slices_in_the_window() -> None:
    rng = np.random.default_rng(2)
    vectors = rng.standard_normal((400, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = SlicedIndex(16, slice_seconds=100.0)
    for key, vector in enumerate(vectors):
        index.add(key, vector, float(key))  # key k at time k: slices 0..3
    index.add(1000, vectors[0], math.nan)  # undated before any date: always searched
    near = index.nearest(vectors[0], 5, low=250.0, high=400.0)
    assert 1000 in near and 0 not in near
    assert all(key == 1000 or key >= 200 for key in near.tolist())
    assert set(index.nearest(vectors[350], 1, low=300.0, high=399.0).tolist()) == {350, 1000}
    index.drop_before(2)
    assert len(index) == 201
    assert 5 not in index.nearest(vectors[5], 10).tolist()


def test_vector_index_survives_pickling() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((100, 16)).astype(np.float32)
    index = VectorIndex(16)
    for key, vector in enumerate(vectors):
        index.add(key, vector)
    again = pickle.loads(pickle.dumps(index))
    assert len(again) == 100
    assert again.nearest(vectors[7], 3).tolist() == index.nearest(vectors[7], 3).tolist()


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
