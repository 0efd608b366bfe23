"""Feed parsing, feed discovery and canonical URLs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from polywire.errors import BadInput
from polywire.ingest.feeds import discover_feeds, parse_feed
from polywire.ingest.urls import canonical_url
from tests.ingest.news_server import atom, rss


def test_rss_and_atom_items_resolve_against_the_feed_url() -> None:
    items = parse_feed(rss("/en/quake"), "http://news.example/feeds/rss.xml")
    assert [(i.url, i.title) for i in items] == [
        ("http://news.example/en/quake?utm_source=rss", "/en/quake")
    ]
    assert items[0].published_at == datetime(2023, 2, 6, 6, tzinfo=UTC)
    (entry,) = parse_feed(atom("/az/cable"), "http://news.example/atom.xml")
    assert entry.url == "http://news.example/az/cable"


@pytest.mark.parametrize("content", [b"<html><body>a page</body></html>", b"\x00\xff\xfe", b""])
def test_what_is_not_a_feed_is_a_clear_error(content: bytes) -> None:
    with pytest.raises(BadInput, match="not a readable RSS or Atom feed"):
        parse_feed(content, "http://news.example/x")


def test_an_empty_but_valid_feed_has_no_items() -> None:
    assert parse_feed(rss(), "http://news.example/rss.xml") == []


def test_a_page_announces_its_feeds() -> None:
    page = (
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        b'<link rel="alternate" hreflang="de" href="/de/"><link rel="stylesheet" href="/s.css">'
        b"</head><body></body></html>"
    )
    assert discover_feeds(page, "https://news.example/world/") == ["https://news.example/rss.xml"]
    assert discover_feeds(b"", "https://news.example/") == []


@pytest.mark.parametrize(
    "variant",
    [
        "http://News.Example/world/quake",
        "https://news.example/world/quake/",
        "https://news.example/world/quake?utm_source=rss&utm_medium=feed",
        "https://news.example/world/quake#comments",
        "https://news.example/world/quake?fbclid=abc",
    ],
)
def test_one_article_has_one_canonical_url(variant: str) -> None:
    assert canonical_url(variant) == "https://news.example/world/quake"


def test_parameters_that_choose_the_page_are_kept() -> None:
    assert canonical_url("https://n.example/a?id=7&utm_source=x") == "https://n.example/a?id=7"
