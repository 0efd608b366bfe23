"""Each kind of source's publication time, stored exactly in UTC from a time with an offset."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest import input_files, read_paths
from polywire.ingest.fetch import Fetcher
from polywire.ingest.watch import Watcher
from polywire.model import ArticleRow, Document, Failure
from polywire.pipeline import Pipeline
from polywire.store import Store
from tests.ingest.news_server import NewsSite, news_site

EXACT = datetime(2026, 11, 3, 7, 25, tzinfo=UTC)
"""2026-11-03T10:25:00+03:00 in UTC."""
OFFSET_TIME = "2026-11-03T10:25:00+03:00"
BODY = (
    "<p>A magnitude 6.1 earthquake struck the Yeşilyurt district of Malatya before dawn on "
    "Tuesday, the disaster agency said, and rescue teams were sent from eleven provinces.</p>"
    "<p>Seven people died and 214 were injured, the governor told reporters in the morning, "
    "and schools in three provinces will stay closed for three days.</p>"
)


def _html(head: str = "", body_top: str = "") -> bytes:
    return (
        f"<html><head><title>Earthquake hits Malatya</title>{head}</head><body><article>"
        f"<h1>Earthquake hits Malatya</h1>{body_top}{BODY}</article></body></html>"
    ).encode()


def _stored(pipeline: Pipeline, store: Store, *documents: Document | Failure) -> ArticleRow:
    report = pipeline.ingest(documents)
    assert not report.failures, report.failures
    (placement,) = report.ingested.values()
    detail = store.story(placement.story)
    assert detail is not None
    (row,) = detail.families[placement.family]
    return row


@pytest.mark.parametrize(
    ("kind", "page"),
    [
        ("meta", _html(f'<meta property="article:published_time" content="{OFFSET_TIME}">')),
        (
            "json-ld",
            _html(
                '<script type="application/ld+json">{"@context": "https://schema.org", '
                f'"@type": "NewsArticle", "datePublished": "{OFFSET_TIME}"}}</script>'
            ),
        ),
        ("time", _html(body_top=f'<time datetime="{OFFSET_TIME}">3 November, 10:25</time>')),
    ],
)
def test_a_page_s_time_is_stored_exactly_in_utc(
    pipeline: Pipeline, store: Store, kind: str, page: bytes
) -> None:
    row = _stored(pipeline, store, Document(f"{kind}.html", page, "text/html"))
    assert (row.published_at, row.published_from, row.published_margin) == (EXACT, "page", 0.0)
    assert row.seen_at is not None and row.seen_at > EXACT  # when we saw it, apart


def test_a_date_line_is_read_in_its_language_s_zone(pipeline: Pipeline, store: Store) -> None:
    text = (
        "Malatya'da 6,1 büyüklüğünde deprem\n3 Kasım 2026 10:25\n"
        "Malatya'nın Yeşilyurt ilçesinde 6,1 büyüklüğünde deprem meydana geldi ve yedi kişi "
        "hayatını kaybetti. Afet ve Acil Durum Yönetimi Başkanlığı, bölgeye arama kurtarma "
        "ekipleri gönderdiğini açıkladı.\n"
    )
    row = _stored(pipeline, store, Document("deprem.txt", text.encode(), "text/plain"))
    assert (row.published_at, row.published_from) == (EXACT, "date line, Europe/Istanbul time")


def test_a_jsonl_record_s_time_is_stored_exactly(
    pipeline: Pipeline, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "feed.jsonl"
    record = {"title": "Earthquake hits Malatya", "html": _html().decode()}
    path.write_text(json.dumps({**record, "published_at": OFFSET_TIME}) + "\n")
    row = _stored(pipeline, store, *read_paths(input_files([path]), 10_000_000))
    assert (row.published_at, row.published_from) == (EXACT, "record")


def test_a_url_path_gives_the_day_when_nothing_else_does(
    pipeline: Pipeline, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "feed.jsonl"
    url = "https://news.example/world/2026/11/03/malatya-earthquake"
    path.write_text(json.dumps({"url": url, "html": _html().decode()}) + "\n")
    row = _stored(pipeline, store, *read_paths(input_files([path]), 10_000_000))
    assert row.published_at is not None and row.published_from == "url"
    assert row.published_at.date().isoformat() == "2026-11-03"
    assert row.date_label == "published 2026-11-03"  # a day, not a made-up hour


def test_a_warc_record_keeps_the_page_s_time_and_when_it_was_archived(
    pipeline: Pipeline, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = _html(f'<meta property="article:published_time" content="{OFFSET_TIME}">')
        record = writer.create_warc_record(
            "https://news.example/malatya",
            "response",
            payload=BytesIO(page),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2026-11-04T08:00:00Z"},
        )
        writer.write_record(record)
    row = _stored(pipeline, store, *read_paths(input_files([path]), 10_000_000))
    assert (row.published_at, row.published_from) == (EXACT, "page")
    assert row.seen_at == datetime(2026, 11, 4, 8, tzinfo=UTC)


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with news_site() as running:
        yield running


def test_a_feed_item_s_time_is_stored_exactly(
    store: Store, settings: Settings, encoder: Encoder, site: NewsSite
) -> None:
    local = replace(settings, allow_private=True, host_delay=0.0)
    store.add_feed(f"{site.base}/dated.xml", name="dated")
    Watcher(store, Pipeline(store, local, encoder=encoder), Fetcher(local)).poll_all()
    (row,) = store.story_articles([1])[1]
    assert (row.published_at, row.published_from) == (EXACT, "feed")


def test_an_undated_article_has_no_publication_time(pipeline: Pipeline, store: Store) -> None:
    row = _stored(pipeline, store, Document("undated.html", _html(), "text/html"))
    assert row.published_at is None and row.published_from is None
    assert row.date_label.startswith("undated, first seen ")
