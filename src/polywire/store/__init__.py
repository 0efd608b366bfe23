"""Persistence behind one small ``Store`` interface, chosen by configuration."""

from polywire.store.base import (
    DuplicateArticle,
    NewArticle,
    Store,
    StoredLead,
    StoreRefused,
    StoreUnusable,
    WindowRow,
    become_writer,
    is_server_url,
    open_store,
)

__all__ = [
    "DuplicateArticle",
    "NewArticle",
    "Store",
    "StoreRefused",
    "StoreUnusable",
    "StoredLead",
    "WindowRow",
    "become_writer",
    "is_server_url",
    "open_store",
]
