"""What one server process holds: stores, the models, the search index and the ingest queue."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from polywire.config import Settings
from polywire.embed import Encoder, get_encoder
from polywire.ingest.fetch import Fetcher
from polywire.model import Document
from polywire.pipeline import IngestReport, Pipeline
from polywire.search import Searcher
from polywire.store import Store, open_store
from polywire.web.views import Versions

T = TypeVar("T")


class QueueFull(Exception):
    """As many ingests as ``ingest_queue`` allows are waiting or running."""


class StoreBusy(Exception):
    """Another process (``polywire ingest`` or ``watch``) is the store's writer."""


class Services:
    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        # One store for all readers: each query borrows a connection from its pool.
        self.store: Store = open_store(settings.db)
        self.encoder = encoder or get_encoder(settings.encoder)
        self.searcher = Searcher(self.encoder, settings.search_cutoff)
        # Before the first request, not on it: the stored vectors read, the model run once.
        with open_store(settings.db) as store:
            self.searcher.warm(store)
        self.versions = Versions(self.encoder)
        self.fetcher = Fetcher(settings)
        self._pipeline: Pipeline | None = None
        self._writing: Store | None = None
        # Ingest runs on threads of its own, never on the ones that serve reads: a source
        # that drips its page, or a queue of ingests, cannot starve the readers.
        self._fetching = ThreadPoolExecutor(settings.fetch_workers, thread_name_prefix="fetch")
        self._storing = ThreadPoolExecutor(1, thread_name_prefix="ingest")
        self._queued = threading.BoundedSemaphore(settings.ingest_queue)

    async def ingest_one(self, document: Callable[[], Document]) -> IngestReport:
        """Make the document (perhaps by fetching it), then run it through the pipeline.

        Raises ``QueueFull`` at once when ``ingest_queue`` ingests are waiting already.
        """
        if not self._queued.acquire(blocking=False):
            raise QueueFull
        try:
            made = await self._on(self._fetching, document)
            return await self._on(self._storing, lambda: self.ingest([made]))
        finally:
            self._queued.release()

    @staticmethod
    async def _on(executor: ThreadPoolExecutor, job: Callable[[], T]) -> T:
        return await asyncio.wrap_future(executor.submit(job))

    def ingest(self, documents: list[Document]) -> IngestReport:
        """Run documents through the pipeline; the ingest thread calls it one job at a time."""
        if self._pipeline is None:
            # The store has one writer, whose clusterer knows every article: from its first
            # ingest until it stops, the server is that writer, or it ingests nothing.
            writing = open_store(self.settings.db)
            if not writing.claim_writer(wait=False):
                writing.close()
                raise StoreBusy
            self._writing = writing
            self._pipeline = Pipeline(writing, self.settings, encoder=self.encoder)
        return self._pipeline.ingest(documents)

    def close(self) -> None:
        self.fetcher.stop()
        self._fetching.shutdown(cancel_futures=True)
        self._storing.shutdown(cancel_futures=True)
        self.fetcher.close()
        self.store.close()
        if self._pipeline is not None:
            self._pipeline.close()
        if self._writing is not None:
            self._writing.close()
