"""Cross-lingual search over the stored headline+lead vectors, kept in memory.

The query is embedded like a headline, so a Russian query lands near the
English, Azerbaijani and Arabic versions of the same story; each story is
scored by its best article (``score_stories``) and kept above the cutoff.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from polywire.embed import Encoder
from polywire.search.score import ScoredStory, score_stories
from polywire.store import Store

QUERIES_KEPT = 1024
"""Query vectors kept in memory, the most recently asked."""


class Searcher:
    """Keeps the stored vectors in memory, reading only articles added since the last search."""

    def __init__(self, encoder: Encoder, cutoff: float) -> None:
        self.encoder = encoder
        self.cutoff = cutoff
        self._ids = np.zeros(0, dtype=np.int64)
        self._vectors = np.zeros((0, encoder.dim), dtype=np.float32)
        self._lock = threading.Lock()
        # Embedding the query is a search's cost: the same words asked again (a saved search,
        # a popular one) are embedded once.
        self._embed = lru_cache(maxsize=QUERIES_KEPT)(self._embed_query)

    def _embed_query(self, query: str) -> npt.NDArray[np.float32]:
        return self.encoder.encode([query])

    def stories(self, store: Store, query: str, limit: int = 20) -> list[ScoredStory]:
        """The stories ``query`` is about, best first: none when it is about none."""
        if not query.strip():
            return []
        ids, vectors = self._refreshed(store)
        query_vector = self._embed(query.strip())[0]

        def story_of(article_id: int) -> int | None:
            row = store.article(article_id)
            return row.story if row else None

        return score_stories(query_vector, ids, vectors, story_of, self.cutoff, limit)

    def _refreshed(self, store: Store) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        with self._lock:
            after = int(self._ids[-1]) if len(self._ids) else 0
            ids, vectors = store.article_vectors(after_id=after)
            if len(ids):
                self._ids = np.concatenate([self._ids, ids])
                self._vectors = np.vstack([self._vectors, vectors])
            return self._ids, self._vectors
