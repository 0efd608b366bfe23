"""Nearest held articles by vector: an HNSW index (usearch), so a lookup stays fast at 1M.

The index only proposes candidates; every similarity the rules see is computed
exactly from the held float32 vectors. Its own copies are 8-bit, which costs a
quarter of the memory and, on unit vectors, almost no recall.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Graph degree and search breadth: recall ≥ 0.99 on article vectors (see docs/benchmarks.md).
CONNECTIVITY = 12
EXPANSION_ADD = 64
EXPANSION_SEARCH = 128


class VectorIndex:
    def __init__(self, dim: int) -> None:
        # Imported here, not at the top: usearch's C++ runtime must load after Ray's when
        # an ingest runs on Ray, or Ray aborts at start (both ship their own std::regex).
        from usearch.index import Index

        self._index = Index(
            ndim=dim,
            metric="ip",
            dtype="i8",
            connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD,
            expansion_search=EXPANSION_SEARCH,
        )

    def __len__(self) -> int:
        return len(self._index)

    def add(self, key: int, vector: npt.NDArray[np.float32]) -> None:
        self._index.add(key, vector)

    def nearest(self, vector: npt.NDArray[np.float32], count: int) -> npt.NDArray[np.int64]:
        """Keys of up to ``count`` held vectors most similar to ``vector``."""
        if not len(self._index):
            return np.empty(0, dtype=np.int64)
        return np.asarray(self._index.search(vector, count).keys, dtype=np.int64)
