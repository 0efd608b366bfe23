"""Alignment on hand-made vectors: each "sentence" is a direction, versions reorder nothing."""

from __future__ import annotations

import numpy as np

from polywire.evaluate.alignment import links
from polywire.link import Bead, align

RNG = np.random.default_rng(7)
SENTENCES = RNG.normal(size=(8, 64)).astype(np.float32)


def noisy(vectors: np.ndarray, scale: float = 0.3) -> np.ndarray:
    return (vectors + RNG.normal(scale=scale, size=vectors.shape)).astype(np.float32)


def test_translation_aligns_one_to_one() -> None:
    beads = align(SENTENCES, noisy(SENTENCES))
    assert beads == [Bead((i,), (i,)) for i in range(8)]


def test_sentence_only_in_one_version_is_skipped() -> None:
    right = noisy(np.delete(SENTENCES, 3, axis=0))  # the right version dropped sentence 3
    beads = align(SENTENCES, right)
    assert Bead((3,), ()) in beads
    assert links(beads) == {(i, i if i < 3 else i - 1) for i in range(8) if i != 3}


def test_two_sentences_merged_into_one_align_two_to_one() -> None:
    merged = SENTENCES[2] + SENTENCES[3]
    right = noisy(np.vstack([SENTENCES[:2], merged, SENTENCES[4:]]), 0.1)
    beads = align(SENTENCES, right)
    assert Bead((2, 3), (2,)) in beads


def test_empty_versions() -> None:
    assert align(SENTENCES[:0], SENTENCES) == [Bead((), (i,)) for i in range(8)]
    assert align(SENTENCES[:0], SENTENCES[:0]) == []
