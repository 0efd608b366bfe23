"""``polywire watch``: poll every feed, fetch what is new, run it through the pipeline.

Feeds are polled in parallel (``fetch_workers``), so one slow source never
holds the others; what touches the store and the pipeline runs one item at a
time. Each item is stored and marked seen before the next one is, and the
stop flag is checked between items, so stopping never leaves half an item
written; a fetch in flight ends at once. An item is marked seen once a server
answered for it; after a timeout or a 5xx it stays unseen and is tried again
at the next poll.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from polywire.errors import BadInput, TemporaryFailure
from polywire.ingest.feeds import FeedItem, parse_feed
from polywire.ingest.fetch import Fetcher
from polywire.ingest.urls import canonical_url
from polywire.model import Failure, Feed, PollResult
from polywire.pipeline import Pipeline
from polywire.timeutil import now


class FeedBook(Protocol):
    """The feeds ``watch`` polls, their health, and the items it fetched already."""

    def add_feed(self, url: str, name: str | None) -> Feed:
        """Watch a feed; a feed watched already is returned as it is."""
        ...

    def remove_feed(self, url: str) -> bool: ...

    def feeds(self) -> list[Feed]: ...

    def record_poll(self, feed_id: int, result: PollResult, at: datetime) -> None: ...

    def is_seen(self, url: str) -> bool: ...

    def mark_seen(self, url: str, at: datetime) -> None: ...


@dataclass
class PollReport:
    feed: Feed
    unchanged: bool = False
    """The server answered 304: nothing new since the last poll."""
    error: str | None = None
    ingested: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)


class Watcher:
    def __init__(self, store: FeedBook, pipeline: Pipeline, fetcher: Fetcher) -> None:
        self.store = store
        self.pipeline = pipeline
        self.fetcher = fetcher
        self.stop = threading.Event()
        self._writing = threading.Lock()
        self._fetching: set[str] = set()
        """Item URLs a poll is fetching: two feeds listing one article fetch it once."""

    def request_stop(self) -> None:
        """Stop after the item being stored; fetches in flight end now."""
        self.stop.set()
        self.fetcher.stop()

    def run(
        self,
        interval_seconds: float,
        cycles: int | None = None,
        on_report: Callable[[PollReport], None] | None = None,
    ) -> None:
        """Poll all feeds every ``interval_seconds`` until ``stop`` is set (or ``cycles`` ran)."""
        done = 0
        while not self.stop.is_set() and (cycles is None or done < cycles):
            for report in self.poll_all():
                if on_report:
                    on_report(report)
            self.pipeline.follower.drain()  # the webhooks sent since, into the delivery log
            done += 1
            if cycles is None or done < cycles:
                self.stop.wait(interval_seconds)

    def poll_all(self) -> list[PollReport]:
        """Every feed polled, in parallel; a stop leaves the feeds not yet polled out."""
        with self._writing:
            feeds = self.store.feeds()
        workers = max(1, min(self.pipeline.settings.fetch_workers, len(feeds)))
        with ThreadPoolExecutor(workers, thread_name_prefix="poll") as pool:
            polled = [pool.submit(self.poll, feed) for feed in feeds]
            reports = [future.result() for future in polled]
        return [report for report in reports if report is not None]

    def poll(self, feed: Feed) -> PollReport | None:
        """The feed's new items stored; None when a stop came before its answer."""
        if self.stop.is_set():
            return None
        report = PollReport(feed)
        try:
            response = self.fetcher.get(feed.url, feed.etag, feed.last_modified)
            items = [] if response.status == 304 else parse_feed(response.content, response.url)
        except BadInput as exc:
            if self.stop.is_set():
                return None
            report.error = str(exc)
            with self._writing:
                self.store.record_poll(feed.id, PollResult(error=report.error), now())
            return report
        report.unchanged = response.status == 304
        delays: list[float] = []
        for item in items:
            if self.stop.is_set():
                break
            url = canonical_url(item.url)
            with self._writing:
                taken = url in self._fetching or self.store.is_seen(url)
                if not taken:
                    self._fetching.add(url)
            if taken:
                continue
            try:
                report.ingested += self._fetch_and_store(item, url, report, delays)
            finally:
                with self._writing:
                    self._fetching.discard(url)
            if self.stop.is_set():
                break
        with self._writing:
            self.store.record_poll(
                feed.id,
                PollResult(
                    etag=response.etag,
                    last_modified=response.last_modified,
                    new_items=report.ingested,
                    delays=tuple(delays),
                ),
                now(),
            )
        return report

    def _fetch_and_store(
        self, item: FeedItem, url: str, report: PollReport, delays: list[float]
    ) -> int:
        """Fetch one new item's page and store it; how many articles that stored."""
        try:
            document = self.fetcher.page(item.url)
            if item.published_at:  # the feed's time for it has its offset, as any page's
                document = replace(document, published_at=item.published_at, published_from="feed")
        except BadInput as exc:
            report.failures.append(Failure(item.url, str(exc)))
            if not isinstance(exc, TemporaryFailure):
                with self._writing:
                    self.store.mark_seen(url, now())
            return 0
        with self._writing:
            if self.stop.is_set():
                return 0
            ingested = self.pipeline.ingest([document])
            self.store.mark_seen(url, now())
        report.duplicates += len(ingested.duplicates) + len(ingested.revisions)
        report.failures += ingested.failures
        if ingested.ingested and item.published_at:
            delays.append(max(0.0, (now() - item.published_at).total_seconds()))
        return len(ingested.ingested)
