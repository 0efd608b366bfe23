"""RSS and Atom: the items a feed lists, and the feeds an HTML page points to.

feedparser reads every RSS and Atom dialect and tolerates most breakage; a
feed it cannot make anything of is a ``BadInput`` for that feed only.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin
from xml.sax import SAXException

import feedparser
import lxml.html

from polywire.errors import BadInput

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str
    published_at: datetime | None


def parse_feed(content: bytes, base_url: str) -> list[FeedItem]:
    """The feed's items that link to a page, in the feed's order."""
    # Bytes, never a string: feedparser would take a string for a URL or path to open.
    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    broken_xml = isinstance(parsed.get("bozo_exception"), SAXException)
    if not parsed.entries and (broken_xml or not parsed.get("version")):
        raise BadInput("not a readable RSS or Atom feed: no items found")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(
            FeedItem(
                url=urljoin(base_url, link),
                title=str(entry.get("title", "")),
                published_at=datetime.fromtimestamp(calendar.timegm(when), UTC) if when else None,
            )
        )
    return items


def discover_feeds(html: bytes, base_url: str) -> list[str]:
    """Feed URLs an HTML page announces with ``<link rel="alternate">``."""
    try:
        page = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    return [
        urljoin(base_url, str(link.get("href")))
        for link in page.iter("link")
        if "alternate" in (link.get("rel") or "").lower().split()
        and (link.get("type") or "").lower() in _FEED_TYPES
        and link.get("href")
    ]
