"""What one server process holds: stores, the models, the search index and the ingest lock."""

from __future__ import annotations

import threading

from polywire.config import Settings
from polywire.embed import Encoder, get_encoder
from polywire.model import Document
from polywire.pipeline import IngestReport, Pipeline
from polywire.search import Searcher
from polywire.store import open_store
from polywire.store.pool import StorePool
from polywire.web.views import Versions

# Threads that serve reads at once; each borrows its own store connection.
READERS = 8


class Services:
    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.pool = StorePool(settings.db, READERS)
        self.encoder = encoder or get_encoder(settings.encoder)
        self.searcher = Searcher(self.encoder)
        self.versions = Versions(self.encoder)
        self._pipeline: Pipeline | None = None
        self._ingest_lock = threading.Lock()

    def ingest(self, documents: list[Document]) -> IngestReport:
        """Run documents through the pipeline, one request at a time: clustering is sequential."""
        with self._ingest_lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(
                    open_store(self.settings.db), self.settings, encoder=self.encoder
                )
            return self._pipeline.ingest(documents)

    def close(self) -> None:
        self.pool.close()
        if self._pipeline is not None:
            self._pipeline.store.close()
