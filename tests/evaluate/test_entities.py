from __future__ import annotations

import pytest

from polywire.evaluate.entities import score_language


def test_found_and_wrong_are_shares_of_the_reference_and_of_the_version() -> None:
    entities = {
        "a": {"eng": {1, 2, 3, 4}, "rus": {1, 2, 9, 5}},  # 9: only text b's English names it
        "b": {"eng": {9}, "rus": {9}},
        "c": {"eng": set(), "rus": {1}},  # no English entities: not counted
    }
    scores = score_language(entities, "rus", "eng")
    assert scores.texts == 2
    assert scores.found == pytest.approx((2 / 4 + 1 / 1) / 2)
    assert scores.wrong == pytest.approx((1 / 4 + 0 / 1) / 2)
