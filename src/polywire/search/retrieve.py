"""Cross-lingual search over the stored headline+lead vectors, kept in memory.

The query is embedded like a headline, so a Russian query lands near the
English, Azerbaijani and Arabic versions of the same story; each story is
scored by its best article (``score_stories``) and kept above the cutoff.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import numpy.typing as npt

from polywire.catalogue import Catalogue
from polywire.embed import Encoder
from polywire.search.score import ScoredStory, score_stories

QUERIES_KEPT = 1024
"""Query vectors kept in memory, the most recently asked."""
MAX_QUERY_CHARS = 500
"""The longest query searched or followed: words, not a document (the model reads 512 tokens)."""


class Searcher:
    """Keeps the stored vectors in memory, reading only articles added since the last search."""

    def __init__(self, encoder: Encoder, cutoff: float) -> None:
        self.encoder = encoder
        self.cutoff = cutoff
        self._ids = np.zeros(0, dtype=np.int64)
        self._vectors = np.zeros((0, encoder.dim), dtype=np.float32)
        self._lock = threading.Lock()
        # Embedding the query is a search's cost: the same words asked again (a saved search,
        # a popular one) are embedded once, and fifty readers asking new words at once wait
        # for one embedding each, not fifty side by side on two cores.
        self._queries: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._queries_lock = threading.Lock()
        self._embedding = threading.Lock()

    def warm(self, store: Catalogue) -> None:
        """Read the stored vectors and run the model once, so that no reader pays for it."""
        self._refreshed(store)
        self.query_vector("warm")

    def query_vector(self, query: str) -> npt.NDArray[np.float32]:
        known = self._known(query)
        if known is not None:
            return known
        with self._embedding:
            known = self._known(query)  # embedded while this one waited
            if known is not None:
                return known
            vector: npt.NDArray[np.float32] = self.encoder.encode([query])[0]
        with self._queries_lock:
            self._queries[query] = vector
            if len(self._queries) > QUERIES_KEPT:
                self._queries.popitem(last=False)
        return vector

    def _known(self, query: str) -> npt.NDArray[np.float32] | None:
        with self._queries_lock:
            vector = self._queries.get(query)
            if vector is not None:
                self._queries.move_to_end(query)
            return vector

    def stories(self, store: Catalogue, query: str, limit: int = 20) -> list[ScoredStory]:
        """The stories ``query`` is about, best first: none when it is about none."""
        if not query.strip():
            return []
        ids, vectors = self._refreshed(store)
        query_vector = self.query_vector(query.strip())
        return score_stories(query_vector, ids, vectors, store.story_ids, self.cutoff, limit)

    def _refreshed(self, store: Catalogue) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        with self._lock:
            after = int(self._ids[-1]) if len(self._ids) else 0
            ids, vectors = store.article_vectors(after_id=after)
            if len(ids):
                self._ids = np.concatenate([self._ids, ids])
                self._vectors = np.vstack([self._vectors, vectors])
            return self._ids, self._vectors
