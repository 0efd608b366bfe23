"""Translation, copy or only the same story, from alignment and shared words."""

from __future__ import annotations

import pytest

from polywire.link import Bead, relate
from polywire.link.relation import containment

TEXT = "The two leaders met in Minsk on Thursday. They signed six agreements on trade."


def beads(matched: int, unmatched: int) -> list[Bead]:
    """``matched`` 1-1 beads, then ``unmatched`` sentences only on the right."""
    return [Bead((i,), (i,)) for i in range(matched)] + [
        Bead((), (matched + i,)) for i in range(unmatched)
    ]


def test_a_fully_aligned_version_in_another_language_is_a_translation() -> None:
    relation = relate(("en", TEXT), ("ru", "Лидеры встретились."), beads(9, 1), (9, 10))
    assert relation.kind == "translation"
    assert relation.confidence == pytest.approx(18 / 19)


def test_a_partly_aligned_version_is_only_the_same_story() -> None:
    relation = relate(("en", TEXT), ("ru", "Лидеры встретились."), beads(6, 4), (6, 10))
    assert relation.kind == "same story"
    assert relation.coverage == pytest.approx(12 / 16)


def test_same_words_in_the_same_language_are_a_copy_whatever_the_alignment() -> None:
    reposted = TEXT + " Read more on our Telegram channel."
    relation = relate(("en", TEXT), ("en", reposted), beads(2, 1), (2, 3))
    assert relation.kind == "copy"
    assert relation.confidence == pytest.approx(1.0)  # all of the shorter text is in the longer


def test_a_rewrite_in_the_same_language_is_not_a_copy() -> None:
    rewrite = "Meeting in Minsk, the presidents agreed on trade; six deals were signed."
    assert containment(TEXT, rewrite) < 0.2
    assert relate(("en", TEXT), ("en", rewrite), beads(2, 0), (2, 2)).kind == "same story"
