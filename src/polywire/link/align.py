"""Monotonic sentence alignment of two versions, in the spirit of Vecalign and Bertalign.

Dynamic programming over sentence embeddings finds the best path of beads: 1-1,
1-2 and 2-1 matches, or a sentence that is only in one version. Each side is
centred on its own mean first, so what is left is what a sentence says, not its
language or the document's topic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

SKIP = 0.0
"""A sentence left unmatched scores this; a match must beat it."""
MATCH_FLOOR = 0.15
"""Centred cosine a match needs to be worth more than two skips."""
MERGE_PENALTY = 0.05
"""Merges (1-2, 2-1) pay a little, so 1-1 wins when both explain the text."""
_MOVES = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


@dataclass(frozen=True)
class Bead:
    """Sentences of the left version matched to sentences of the right; one side may be empty."""

    left: tuple[int, ...]
    right: tuple[int, ...]


def align(left: Vectors, right: Vectors) -> list[Bead]:
    """The best monotonic alignment of two lists of sentence vectors."""
    a, b = _centred(left), _centred(right)
    n, m = len(a), len(b)
    gains = _gains(a, b)
    # Plain lists: this loop is the hot path, and list lookups beat NumPy scalars here.
    score = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    score[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            best, move = -math.inf, 0
            for k, (di, dj) in enumerate(_MOVES):
                if i >= di and j >= dj:
                    value = score[i - di][j - dj] + gains[k][i - di][j - dj]
                    if value > best:
                        best, move = value, k
            score[i][j], back[i][j] = best, move
    return _path(back, n, m)


def matched_share(left: Vectors, right: Vectors, floor: float) -> float:
    """Share of the longer version's sentences aligned one for one with a centred cosine of at
    least ``floor``: a translation keeps its source's sentences and says what each says; two
    articles on one subject may align one for one by chance, but not closely."""
    if not len(left) or not len(right):
        return 0.0
    a, b = _centred(left), _centred(right)
    close = sum(
        1
        for bead in align(left, right)
        if len(bead.left) == len(bead.right) == 1
        and float(a[bead.left[0]] @ b[bead.right[0]]) >= floor
    )
    return close / max(len(left), len(right))


def _gains(a: Vectors, b: Vectors) -> list[list[list[float]]]:
    """For each move, the gain of the bead that starts at (i, j), as a plain nested list.

    Computed once with matrix products; the dynamic programme then only looks up.
    """
    n, m = len(a), len(b)
    one_one = np.zeros((n + 1, m + 1))
    one_two = np.zeros((n + 1, m + 1))
    two_one = np.zeros((n + 1, m + 1))
    if n and m:
        one_one[:n, :m] = a @ b.T - MATCH_FLOOR
        if m > 1:
            one_two[:n, : m - 1] = a @ _pairs(b).T - MATCH_FLOOR - MERGE_PENALTY
        if n > 1:
            two_one[: n - 1, :m] = _pairs(a) @ b.T - MATCH_FLOOR - MERGE_PENALTY
    skip = np.full((n + 1, m + 1), SKIP)
    return [one_one.tolist(), one_two.tolist(), two_one.tolist(), skip.tolist(), skip.tolist()]


def _pairs(vectors: Vectors) -> Vectors:
    """Each two neighbouring sentences read as one."""
    summed = vectors[:-1] + vectors[1:]
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    merged: Vectors = (summed / np.where(norms > 0, norms, 1)).astype(np.float32)
    return merged


def _path(back: list[list[int]], n: int, m: int) -> list[Bead]:
    beads = []
    i, j = n, m
    while i or j:
        di, dj = _MOVES[back[i][j]]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def _centred(vectors: Vectors) -> Vectors:
    if len(vectors) < 2:
        return vectors
    shifted = vectors - vectors.mean(axis=0)
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    centred: Vectors = (shifted / np.where(norms > 0, norms, 1)).astype(np.float32)
    return centred
