"""Feeds polled against a real news site on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest.fetch import Fetcher
from polywire.ingest.watch import Watcher
from polywire.pipeline import Pipeline
from polywire.store import Store
from tests.ingest.news_server import NewsSite, news_site


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with news_site() as running:
        yield running


@pytest.fixture
def local(settings: Settings) -> Settings:
    """Loopback allowed, no politeness pause, one quick retry."""
    return replace(
        settings, allow_private=True, host_delay=0.0, fetch_retries=1, fetch_backoff=0.05
    )


def watcher(
    store: Store, settings: Settings, encoder: Encoder, site: NewsSite, *feeds: str
) -> Watcher:
    for path in feeds:
        store.add_feed(f"{site.base}{path}", name=path)
    return Watcher(store, Pipeline(store, settings, encoder=encoder), Fetcher(settings))


def test_new_items_are_ingested_once_and_an_unchanged_feed_costs_a_304(
    store: Store, local: Settings, encoder: Encoder, site: NewsSite
) -> None:
    watching = watcher(store, local, encoder, site, "/rss.xml", "/atom.xml")
    first = watching.poll_all()
    assert [r.error for r in first] == [None, None]
    assert store.count_articles() == 3  # en and ru from RSS, az from Atom; en is listed twice
    assert {path: site.hits[path] for path in ("/en/quake", "/ru/quake", "/az/cable")} == {
        "/en/quake": 1,
        "/ru/quake": 1,
        "/az/cable": 1,
    }

    second = watching.poll_all()
    assert second[0].unchanged  # the RSS feed answered 304 to its ETag
    assert (second[1].ingested, site.hits["/az/cable"]) == (0, 1)  # seen: not fetched again
    assert store.count_articles() == 3
    health = {feed.name: feed for feed in store.feeds()}
    assert health["/rss.xml"].items_seen == 2 and health["/rss.xml"].last_error is None
    assert health["/rss.xml"].mean_delay_seconds is not None  # published 2023, so large
    assert health["/rss.xml"].etag == '"rss-v1"'


def test_a_feed_answering_500_is_retried_and_recovers(
    store: Store, local: Settings, encoder: Encoder, site: NewsSite
) -> None:
    site.failures_left = 2
    watching = watcher(store, local, encoder, site, "/flaky.xml")
    (failed,) = watching.poll_all()  # 500, then 500 again on the one retry
    assert failed.error == "HTTP 500"
    assert store.feeds()[0].last_error == "HTTP 500"
    (recovered,) = watching.poll_all()
    assert (recovered.error, recovered.ingested) == (None, 1)
    assert store.feeds()[0].last_success is not None
    assert site.hits["/flaky.xml"] == 3


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow.xml", "timed out after 0.5 s"),
        ("/loop.xml", "more than 5 redirects"),
        ("/huge.xml", r"response larger than 20\.0 MB, cut off"),
        ("/broken.xml", "not a readable RSS or Atom feed"),
    ],
)
def test_a_bad_feed_is_reported_and_the_others_go_on(
    store: Store, local: Settings, encoder: Encoder, site: NewsSite, path: str, reason: str
) -> None:
    settings = replace(local, fetch_timeout=0.5, fetch_retries=0)
    watching = watcher(store, settings, encoder, site, path, "/atom.xml")
    bad, good = watching.poll_all()
    assert bad.error is not None and re.search(reason, bad.error)
    assert good.error is None and good.ingested == 2
    assert store.feeds()[0].last_error == bad.error


def test_pages_that_robots_txt_disallows_are_not_fetched(
    store: Store, local: Settings, encoder: Encoder, site: NewsSite
) -> None:
    (report,) = watcher(store, local, encoder, site, "/private.xml").poll_all()
    assert [f.reason for f in report.failures] == ["disallowed by the site's robots.txt"]
    assert site.hits["/private/memo"] == 0


def test_loopback_is_refused_unless_the_configuration_allows_it(
    store: Store, settings: Settings, encoder: Encoder, site: NewsSite
) -> None:
    (report,) = watcher(store, settings, encoder, site, "/rss.xml").poll_all()
    assert report.error is not None and "non-public address 127.0.0.1" in report.error
    assert sum(site.hits.values()) == 0
