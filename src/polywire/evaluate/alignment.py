"""Sentence-alignment quality: precision and recall of the sentence links a path makes."""

from __future__ import annotations

from collections.abc import Iterable

from polywire.evaluate.metrics import PRF
from polywire.link import Bead


def links(beads: Iterable[Bead]) -> set[tuple[int, int]]:
    """Every (left, right) sentence pair a bead puts together; a 2-1 bead makes two links."""
    return {(i, j) for bead in beads for i in bead.left for j in bead.right}


def link_counts(
    predicted: set[tuple[int, int]], gold: set[tuple[int, int]]
) -> tuple[int, int, int]:
    """(correct, predicted, gold) link counts, to sum over documents."""
    return len(predicted & gold), len(predicted), len(gold)


def micro(counts: Iterable[tuple[int, int, int]]) -> PRF:
    correct = predicted = gold = 0
    for c, p, g in counts:
        correct, predicted, gold = correct + c, predicted + p, gold + g
    return PRF(correct / predicted if predicted else 1.0, correct / gold if gold else 1.0)
