"""WARC archives: every HTTP response with an HTML or text body becomes a ``Document``.

A record cut short (a truncated download, a wrong Content-Length) is a failure
with the reason, not a short article. warcio reports some damage by writing to
stderr or to its logger; that is captured into the record's reason instead.
As warcio notices a record's bad end only when it reads past it, each record
is yielded once the next one has been reached.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from polywire.errors import BadInput
from polywire.model import Document, Failure
from polywire.timeutil import parse_iso

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class _Record:
    source: str
    url: str | None
    mime: str
    body: bytes
    date: str | None
    missing: int
    """Bytes the record declares but the file does not hold."""


def read_warc(path: Path, max_bytes: int) -> Iterator[Document | Failure]:
    responses = 0
    pending: _Record | None = None
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        number = 0
        while True:
            with _warcio_warnings() as heard:
                try:
                    record = next(records, None)
                    number += 1
                    current = _read(record, f"{path}#{number}", max_bytes) if record else None
                # warcio names some damage (ArchiveLoadFailed, with the file's first line,
                # binary junk in a gzip that is no WARC) and trips over the rest.
                except (ArchiveLoadFailed, AttributeError, TypeError, ValueError):
                    raise BadInput(
                        "not a readable WARC file (not a WARC, or a damaged one)"
                    ) from None
            if pending is not None:
                responses += 1
                yield _outcome(pending, " ".join(heard), max_bytes)
            pending = current
            if record is None:
                break
    if not _whole_gzip(path):
        # warcio ends quietly at a gzip member cut short: the record in it is lost.
        yield Failure(str(path), "the file ends inside a compressed record (a truncated download?)")
    if responses == 0:
        raise BadInput("no HTML or text responses in this WARC file")


def _read(record: Any, source: str, max_bytes: int) -> _Record | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    mime = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if mime not in TEXT_TYPES:
        return None
    body = record.content_stream().read(max_bytes + 1)
    return _Record(
        source=source,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        mime=mime,
        body=body,
        date=record.rec_headers.get_header("WARC-Date"),
        missing=int(getattr(record.raw_stream, "limit", 0) or 0) if len(body) <= max_bytes else 0,
    )


def _outcome(record: _Record, warnings: str, max_bytes: int) -> Document | Failure:
    said = f" (warcio: {warnings})" if warnings else ""
    if len(record.body) > max_bytes:
        return Failure(record.source, f"response body larger than {max_bytes / 1e6:.1f} MB")
    if record.missing:
        return Failure(
            record.source,
            f"record cut short: {record.missing} of its bytes are missing "
            f"(a truncated file?){said}",
        )
    if warnings:
        return Failure(record.source, f"damaged record, perhaps a wrong length{said}")
    return Document(
        source=record.source,
        content=record.body,
        content_type="text/plain" if record.mime == "text/plain" else "text/html",
        url=record.url,
        fetched_at=parse_iso(record.date) if record.date else None,
    )


def _whole_gzip(path: Path) -> bool:
    """False for a gzip file that ends inside a member; True for one that does not, or plain."""
    with path.open("rb") as head:
        if head.read(2) != b"\x1f\x8b":
            return True
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True


class _Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _warcio_warnings() -> Iterator[list[str]]:
    """What warcio writes to stderr or logs meanwhile, as short one-line messages."""
    heard: list[str] = []
    logger = logging.getLogger("warcio")
    handler = _Heard()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    written = io.StringIO()
    try:
        with redirect_stderr(written):
            yield heard
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for message in [written.getvalue(), *handler.messages]:
            text = re.sub(r"\s+", " ", message.replace("WARNING:", "")).strip()
            if text:
                heard.append(text[:300])
