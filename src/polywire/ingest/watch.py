"""``polywire watch``: poll every feed, fetch what is new, run it through the pipeline.

Each item is fetched, stored and marked seen before the next one starts, and
the stop flag is checked between items, so stopping never leaves half an
item written. An item is marked seen once a server answered for it; after a
timeout or a 5xx it stays unseen and is tried again at the next poll.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from polywire.errors import BadInput, TemporaryFailure
from polywire.ingest.feeds import parse_feed
from polywire.ingest.fetch import Fetcher
from polywire.ingest.urls import canonical_url
from polywire.model import Failure, Feed, PollResult
from polywire.pipeline import Pipeline
from polywire.store import Store
from polywire.timeutil import now


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
    def __init__(self, store: Store, pipeline: Pipeline, fetcher: Fetcher) -> None:
        self.store = store
        self.pipeline = pipeline
        self.fetcher = fetcher
        self.stop = threading.Event()

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
            done += 1
            if cycles is None or done < cycles:
                self.stop.wait(interval_seconds)

    def poll_all(self) -> list[PollReport]:
        reports = []
        for feed in self.store.feeds():
            if self.stop.is_set():
                break
            reports.append(self.poll(feed))
        return reports

    def poll(self, feed: Feed) -> PollReport:
        report = PollReport(feed)
        try:
            response = self.fetcher.get(feed.url, feed.etag, feed.last_modified)
            items = [] if response.status == 304 else parse_feed(response.content, response.url)
        except BadInput as exc:
            report.error = str(exc)
            self.store.record_poll(feed.id, PollResult(error=report.error), now())
            return report
        report.unchanged = response.status == 304
        delays = []
        for item in items:
            if self.stop.is_set():
                break
            url = canonical_url(item.url)
            if self.store.is_seen(url):
                continue
            try:
                document = self.fetcher.page(item.url)
            except BadInput as exc:
                report.failures.append(Failure(item.url, str(exc)))
                if not isinstance(exc, TemporaryFailure):
                    self.store.mark_seen(url, now())
                continue
            ingested = self.pipeline.ingest([document])
            self.store.mark_seen(url, now())
            report.ingested += len(ingested.ingested)
            report.duplicates += len(ingested.duplicates) + len(ingested.revisions)
            report.failures += ingested.failures
            if ingested.ingested and item.published_at:
                delays.append(max(0.0, (now() - item.published_at).total_seconds()))
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
