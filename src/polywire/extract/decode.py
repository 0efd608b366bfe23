"""Bytes → text, for pages that are not UTF-8 and for files that are not text at all."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from polywire.errors import BadInput

# Control characters other than tab, newline, carriage return and form feed: text has almost none.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?\s*([\w-]+)""", re.IGNORECASE)


def decode(content: bytes, html: bool = False) -> tuple[str, str | None]:
    """Return the text and, when it was not plain UTF-8, a note saying how it was read."""
    # A byte order mark declares the encoding; UTF-16 and UTF-32 are full of NUL bytes,
    # which would otherwise read as binary.
    for bom, codec in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(codec), None
            except UnicodeDecodeError:
                break
    if len(_CONTROL.findall(content[:8192])) > 8:
        raise BadInput("binary content, not text")
    try:
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    declared = _HTML_CHARSET.search(content[:4096]) if html else None
    if declared:
        try:
            name = declared.group(1).decode("ascii")
            return content.decode(name), None
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(content).best()
    if best is None:
        raise BadInput("not text in any known encoding")
    return str(best), f"not valid UTF-8; read as {best.encoding}"
