"""Damaged WARC files: a record cut short is a failure with its reason, warcio's words included."""

from __future__ import annotations

from pathlib import Path

import pytest

from polywire.ingest.warc import read_warc
from polywire.model import Document, Failure
from tests.bad_inputs import html, warc


def read(path: Path) -> list[Document | Failure]:
    return list(read_warc(path, 10**6))


def test_a_record_cut_short_fails_and_the_whole_one_is_kept(tmp_path: Path) -> None:
    whole = warc("cut", html(1), html(2))
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[:-200])
    first, second = read(path)
    assert isinstance(first, Document) and first.url == "https://warc.example/cut/0"
    assert isinstance(second, Failure) and second.source == f"{path}#2"
    assert second.reason.startswith("record cut short:")


def test_warcio_warnings_go_into_the_reason_not_to_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    data = warc("wrong", html(5), html(6))
    start = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", start)
    path = tmp_path / "wrong.warc"
    path.write_bytes(data[:start] + str(int(data[start:end]) - 40).encode() + data[end:])
    first, second = read(path)
    assert isinstance(first, Failure)
    assert "warcio: Record not followed by newline" in first.reason
    assert isinstance(second, Document)
    assert capfd.readouterr().err == ""


def test_a_gzip_file_cut_inside_a_record_says_so(tmp_path: Path) -> None:
    zipped = warc("zipped", html(3), html(4), gz=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(zipped[:-100])
    items = read(path)
    assert isinstance(items[0], Document)
    assert isinstance(items[-1], Failure) and "ends inside a compressed record" in items[-1].reason
