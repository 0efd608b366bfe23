"""Versioned schema: each backend's migrations are files ``NNNN_name.sql`` in its own folder."""

from __future__ import annotations

from importlib import resources
from typing import Literal

from polywire.store.base import StoreUnusable


def migrations(dialect: Literal["sqlite", "postgres"]) -> list[tuple[int, str]]:
    """(version, SQL) pairs in order; the file ``NNNN_name.sql`` is version NNNN."""
    folder = resources.files("polywire.store") / "migrations" / dialect
    return sorted(
        (int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )


def check_version(current: int, known: list[tuple[int, str]]) -> None:
    """Refuse a store whose schema is newer than this Polywire's: writing could damage it."""
    latest = max(version for version, _ in known)
    if current > latest:
        raise StoreUnusable(
            f"this store was written by a newer Polywire (schema {current}; this one knows "
            f"up to {latest}): upgrade Polywire to use it"
        )
