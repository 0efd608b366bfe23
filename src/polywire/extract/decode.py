"""Bytes → text, for pages that are not UTF-8 and for files that are not text at all."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from polywire.errors import BadInput
from polywire.language.detect import language_confidence

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
CHAOS_MARGIN = 0.1
"""Readings of legacy bytes this close to the least messy one are told apart by language:
French in Latin-1, Polish and Czech in cp1250, Lithuanian in cp1257 all come out right."""


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
    readings = list(from_bytes(content))
    if not readings:
        raise BadInput("not text in any known encoding")
    # Single-byte code pages of one script read the same bytes as different letters, and
    # charset-normalizer's measure of mess often cannot tell them apart ("crème" in
    # Latin-1 came out as cp1257's "crčme"): the reading a language model is surest of wins.
    least = min(reading.chaos for reading in readings)
    close = [reading for reading in readings if reading.chaos <= least + CHAOS_MARGIN]
    best = max(close, key=lambda reading: language_confidence(str(reading)))
    return str(best), f"not valid UTF-8; read as {best.encoding}"
