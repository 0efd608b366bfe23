"""JSON Lines: one article per line, ``text`` or ``html`` plus optional metadata."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from polywire.errors import BadInput
from polywire.model import Document, Failure
from polywire.timeutil import parse_iso

# JSON can spell half a UTF-16 pair ("\ud800"), which no UTF-8 text can hold.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Document | Failure]:
    """Yield one ``Document`` per good line and a ``Failure`` per bad one."""
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                yield _document(source, raw, max_bytes)
            except BadInput as exc:
                yield Failure(source, str(exc))


def _document(source: str, raw: bytes, max_bytes: int) -> Document:
    if len(raw) > max_bytes:
        raise BadInput(f"line too large ({len(raw) / 1e6:.1f} MB)")
    try:
        record = json.loads(raw.rstrip(b"\r\n"))
    except json.JSONDecodeError as exc:  # the line is its own document: say only the column
        raise BadInput(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except UnicodeDecodeError as exc:
        raise BadInput(f"invalid JSON: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if not isinstance(record, dict):
        raise BadInput("a line must be a JSON object")
    html, text = record.get("html"), record.get("text")
    content = html if isinstance(html, str) and html.strip() else text
    if not isinstance(content, str) or not content.strip():
        given = [key for key in ("html", "text") if record.get(key) is not None]
        if any(not isinstance(record[key], str) for key in given):
            raise BadInput('"text" and "html" must be strings')
        raise BadInput('record has no "text" or "html"')
    published = record.get("published_at")
    return Document(
        source=source,
        content=_LONE_SURROGATE.sub("\ufffd", content).encode("utf-8"),
        content_type="text/html" if content is html else "text/plain",
        url=_optional_str(record, "url"),
        title=_optional_str(record, "title"),
        published_at=parse_iso(published) if published else None,
        published_from="record" if published else None,
        lang=_optional_str(record, "lang"),
    )


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadInput(f'"{key}" must be a string')
    return value
