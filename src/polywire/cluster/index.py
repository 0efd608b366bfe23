"""Nearest held articles by vector: HNSW indexes (usearch), so a lookup stays fast at 1M.

The index only proposes candidates; every similarity the rules see is computed
exactly from the held float32 vectors. Its own copies are 8-bit, which costs a
quarter of the memory and, on unit vectors, almost no recall.

The window is cut into slices of time, an index each (``SlicedIndex``): a search
asks only the slices the window around its time covers, so old articles never
crowd current ones out of the candidates, and a slice that leaves the window is
dropped whole.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

# Graph degree and search breadth: recall ≥ 0.99 on article vectors (see docs/benchmarks.md).
CONNECTIVITY = 12
EXPANSION_ADD = 64
EXPANSION_SEARCH = 128
SLICES_PER_WINDOW = 4
"""Slices in one window's length of time: a search asks at most 2 × 4 + 1, and at most a
quarter window's articles outlive the window before their slice is dropped."""


def _new_index(dim: int) -> Any:
    # Imported here, not at the top: usearch's C++ runtime must load after Ray's when
    # an ingest runs on Ray, or Ray aborts at start (both ship their own std::regex).
    from usearch.index import Index

    return Index(
        ndim=dim,
        metric="ip",
        dtype="i8",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


class VectorIndex:
    def __init__(self, dim: int) -> None:
        self._index = _new_index(dim)

    def __len__(self) -> int:
        return len(self._index)

    def add(self, key: int, vector: npt.NDArray[np.float32]) -> None:
        self._index.add(key, vector)

    def remove(self, keys: npt.NDArray[np.int64]) -> None:
        self._index.remove(keys)

    def nearest(self, vector: npt.NDArray[np.float32], count: int) -> npt.NDArray[np.int64]:
        """Keys of up to ``count`` held vectors most similar to ``vector``."""
        return self.search(vector, count)[0]

    def search(
        self, vector: npt.NDArray[np.float32], count: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Keys of up to ``count`` held vectors most similar to ``vector``, with their
        distances (smaller is nearer)."""
        if not len(self._index):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        found = self._index.search(vector, count)
        return (
            np.asarray(found.keys, dtype=np.int64),
            np.asarray(found.distances, dtype=np.float32),
        )

    def __getstate__(self) -> bytes:
        return bytes(self._index.save())

    def __setstate__(self, state: bytes) -> None:
        from usearch.index import Index

        self._index = Index.restore(state)


Slice = int | None
"""A slice's number (its start is number × slice length); None holds the undated articles,
which every search asks, and which leave it one by one (``forget_undated``)."""


class SlicedIndex:
    """An index per slice of time, ``slice_seconds`` long."""

    def __init__(self, dim: int, slice_seconds: float) -> None:
        self.dim = dim
        self.slice_seconds = slice_seconds
        self._slices: dict[Slice, VectorIndex] = {}

    def __len__(self) -> int:
        return sum(len(index) for index in self._slices.values())

    def slice_of(self, time: float) -> Slice:
        if math.isnan(time):
            return None
        return math.floor(time / self.slice_seconds) if math.isfinite(self.slice_seconds) else 0

    def add(self, key: int, vector: npt.NDArray[np.float32], time: float) -> None:
        number = self.slice_of(time)
        if number not in self._slices:
            self._slices[number] = VectorIndex(self.dim)
        self._slices[number].add(key, vector)

    def nearest(
        self,
        vector: npt.NDArray[np.float32],
        count: int,
        low: float = math.nan,
        high: float = math.nan,
        edge_count: int | None = None,
    ) -> npt.NDArray[np.int64]:
        """Keys of held vectors most similar to ``vector``, nearest first: up to ``count`` from
        each slice that lies within [``low``, ``high``] and ``edge_count`` from each slice
        that only overlaps it (the caller filters those by time). NaN bounds: every slice."""
        edge_count = edge_count or count
        keys, distances = [], []
        for number, index in self._slices.items():
            asked = count
            if number is not None and not math.isnan(low):
                start = number * self.slice_seconds
                end = start + self.slice_seconds
                if end <= low or start > high:
                    continue
                if start < low or end > high:
                    asked = edge_count
            found, far = index.search(vector, asked)
            keys.append(found)
            distances.append(far)
        if not keys:
            return np.empty(0, dtype=np.int64)
        order = np.argsort(np.concatenate(distances), kind="stable")
        nearest: npt.NDArray[np.int64] = np.concatenate(keys)[order]
        return nearest

    def forget_undated(self, keys: npt.NDArray[np.int64]) -> None:
        """Remove these keys from the undated articles' slice."""
        undated = self._slices.get(None)
        if undated is not None and len(keys):
            undated.remove(keys)

    def drop_before(self, number: int) -> None:
        """Drop the slices numbered below ``number``, whole."""
        for old in [n for n in self._slices if n is not None and n < number]:
            del self._slices[old]
