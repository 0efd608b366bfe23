"""The exact-duplicate key of a text."""

from __future__ import annotations

import hashlib


def fingerprint(body: str) -> str:
    """The same text, however it is spaced or cased, has the same fingerprint."""
    return hashlib.sha256(" ".join(body.lower().split()).encode("utf-8")).hexdigest()[:32]
