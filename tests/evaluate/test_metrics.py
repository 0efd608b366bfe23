from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from polywire.evaluate import bcubed, pairwise
from polywire.evaluate.metrics import adjusted_rand_index

GOLD = ["a", "a", "a", "b", "b"]
PRED = [1, 1, 2, 2, 2]


def test_bcubed_by_hand() -> None:
    # precision per item: 1, 1, 1/3, 2/3, 2/3 ; recall: 2/3, 2/3, 1/3, 1, 1
    score = bcubed(GOLD, PRED)
    assert score.precision == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert score.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)


def test_pairwise_by_hand() -> None:
    # predicted pairs: (0,1) (2,3) (2,4) (3,4); correct: (0,1) (3,4); gold pairs: 3 + 1
    score = pairwise(GOLD, PRED)
    assert (score.precision, score.recall) == (0.5, 0.5)
    assert score.f1 == 0.5


def test_perfect_and_singletons() -> None:
    assert bcubed(GOLD, GOLD).f1 == 1.0
    assert pairwise(["x", "y"], [1, 2]).f1 == 1.0


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=2, max_size=40))
def test_ari_matches_scikit_learn(pairs: list[tuple[int, int]]) -> None:
    gold, predicted = zip(*pairs, strict=True)
    assert adjusted_rand_index(gold, predicted) == pytest.approx(
        adjusted_rand_score(gold, predicted), abs=1e-9
    )


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        bcubed([1], [1, 2])
