"""WARC archives: every HTTP response with an HTML or text body becomes a ``Document``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from polywire.errors import BadInput
from polywire.model import Document, Failure
from polywire.timeutil import parse_iso

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_warc(path: Path, max_bytes: int) -> Iterator[Document | Failure]:
    responses = 0
    with path.open("rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                mime = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
                if mime.strip().lower() not in TEXT_TYPES:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                source = f"{path}#{number}"
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield Failure(source, f"response body larger than {max_bytes / 1e6:.1f} MB")
                    continue
                date = record.rec_headers.get_header("WARC-Date")
                responses += 1
                yield Document(
                    source=source,
                    content=body,
                    content_type="text/plain" if mime == "text/plain" else "text/html",
                    url=url,
                    fetched_at=parse_iso(date) if date else None,
                )
        except ArchiveLoadFailed as exc:
            raise BadInput(f"not a readable WARC file: {exc}") from None
    if responses == 0:
        raise BadInput("no HTML or text responses in this WARC file")
