"""Cross-lingual search: dense retrieval over stored vectors, merged with full-text matches.

The query is embedded like a headline, so a Russian query lands near the
English, Azerbaijani and Arabic versions of the same story. Full-text search
adds exact words (names, numbers) in the query's own language. The two
rankings are merged by reciprocal rank fusion, which needs no score
calibration between them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from polywire.embed import Encoder
from polywire.store import Store

# Reciprocal rank fusion's damping constant; 60 is the value from its paper and works widely.
_RRF_K = 60


@dataclass(frozen=True)
class Hit:
    article_id: int
    score: float
    """Fused reciprocal-rank score: higher is better, comparable only within one search."""


class Searcher:
    """Keeps the stored vectors in memory, reading only articles added since the last search."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._ids = np.zeros(0, dtype=np.int64)
        self._vectors = np.zeros((0, encoder.dim), dtype=np.float32)
        self._lock = threading.Lock()

    def search(self, store: Store, query: str, limit: int = 20) -> list[Hit]:
        """Articles for ``query``, best first; ``limit`` from each ranking before fusion."""
        dense = self._dense(store, query, limit)
        lexical = store.search_text(query, limit)
        scores: dict[int, float] = {}
        for ranking in (dense, lexical):
            for rank, article_id in enumerate(ranking):
                scores[article_id] = scores.get(article_id, 0.0) + 1 / (_RRF_K + rank + 1)
        return [
            Hit(article_id, score)
            for article_id, score in sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        ]

    def _dense(self, store: Store, query: str, limit: int) -> list[int]:
        ids, vectors = self._refreshed(store)
        if not query.strip() or len(ids) == 0:
            return []
        similarity = vectors @ self.encoder.encode([query])[0]
        best = np.argsort(-similarity, kind="stable")[:limit]
        return [int(i) for i in ids[best]]

    def _refreshed(self, store: Store) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        with self._lock:
            after = int(self._ids[-1]) if len(self._ids) else 0
            ids, vectors = store.article_vectors(after_id=after)
            if len(ids):
                self._ids = np.concatenate([self._ids, ids])
                self._vectors = np.vstack([self._vectors, vectors])
            return self._ids, self._vectors
