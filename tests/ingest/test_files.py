from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from polywire.ingest import documentation_files, input_files, read_paths, skipped_files
from polywire.model import Document, Failure

MB = 1_000_000


def read(tmp_path: Path, max_bytes: int = 5 * MB) -> list[Document | Failure]:
    return list(read_paths(input_files([tmp_path]), max_bytes))


def test_folder_is_read_recursively_and_unknown_types_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Headline\nBody sentence here.")
    (tmp_path / "b.HTML").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref")
    for name in ("README.md", "readme.txt", "LICENSE", "CHANGELOG.rst"):
        (tmp_path / name).write_text("About this folder.")
    items = read(tmp_path)
    assert sorted(Path(i.source).name for i in items) == ["a.txt", "b.HTML"]
    (skipped,) = skipped_files([tmp_path])  # hidden files are neither read nor reported
    assert skipped.source == str(tmp_path / "notes.pdf")
    # Documentation is no article, and no skip to warn of either.
    assert sorted(p.name for p in documentation_files([tmp_path])) == [
        "CHANGELOG.rst",
        "LICENSE",
        "README.md",
        "readme.txt",
    ]
    assert skipped.reason.startswith("skipped: .pdf files are not read; Polywire reads .txt")
    assert {i.content_type for i in items if isinstance(i, Document)} == {"text/plain", "text/html"}


def test_empty_and_oversized_files_fail_without_being_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with (tmp_path / "huge.txt").open("wb") as huge:
        huge.truncate(50 * MB)  # sparse: 50 MB on paper, nothing on disk
    failures = {Path(i.source).name: i.reason for i in read(tmp_path) if isinstance(i, Failure)}
    assert failures["empty.txt"] == "empty file"
    assert failures["huge.txt"].startswith("file too large (50.0 MB; limit 5.0 MB")


def test_a_url_of_another_scheme_is_refused_as_such() -> None:
    assert list(read_paths(input_files(["ftp://example.org/a.txt"]), MB)) == [
        Failure("ftp://example.org/a.txt", "unsupported URL scheme 'ftp': only http(s) is fetched")
    ]


def test_missing_path_is_a_failure(tmp_path: Path) -> None:
    items = list(read_paths([tmp_path / "nope.txt"], MB))
    assert items == [Failure(str(tmp_path / "nope.txt"), "no such file or folder")]


def test_jsonl_broken_line_fails_alone(tmp_path: Path) -> None:
    good = {"text": "Body", "url": "https://a.example/1", "title": "T", "lang": "en"}
    lines = [
        json.dumps(good),
        '{"text": "unterminated',
        json.dumps({"url": "https://a.example/2"}),
        json.dumps({**good, "url": "https://a.example/3", "published_at": "yesterday"}),
        "",
        json.dumps(
            {**good, "url": "https://a.example/4", "published_at": "2024-10-03T16:48+04:00"}
        ),
        json.dumps({"text": 5}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    items = read(tmp_path)
    documents = [i for i in items if isinstance(i, Document)]
    failures = {i.source.rsplit(":", 1)[1]: i.reason for i in items if isinstance(i, Failure)}
    assert [d.url for d in documents] == ["https://a.example/1", "https://a.example/4"]
    assert documents[1].published_at is not None
    assert documents[1].published_at.isoformat() == "2024-10-03T12:48:00+00:00"
    assert failures["2"] == "invalid JSON: Unterminated string starting at (column 10)"
    assert failures["3"] == 'record has no "text" or "html"'
    assert "not ISO 8601" in failures["4"]
    assert failures["7"] == '"text" and "html" must be strings'


def test_warc_responses_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        for url, mime in (
            ("https://a.example/news", "text/html"),
            ("https://a.example/x.png", "image/png"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", mime)], protocol="HTTP/1.0")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(b"<html><p>Hi</p></html>"), http_headers=headers
            )
            writer.write_record(record)
    items = read(tmp_path)
    assert len(items) == 1
    assert isinstance(items[0], Document)
    assert items[0].url == "https://a.example/news"
    assert items[0].content == b"<html><p>Hi</p></html>"


def test_corrupt_warc_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "bad.warc").write_bytes(b"this is not a warc file\r\n\r\n")
    items = read(tmp_path)
    assert len(items) == 1
    assert isinstance(items[0], Failure)
    assert items[0].reason == "no HTML or text responses in this WARC file"
