"""Persistence behind one small ``Store`` interface, chosen by configuration."""

from polywire.store.base import (
    DuplicateArticle,
    NewArticle,
    Store,
    StoredLead,
    WindowRow,
    is_server_url,
    open_store,
)

__all__ = [
    "DuplicateArticle",
    "NewArticle",
    "Store",
    "StoredLead",
    "WindowRow",
    "is_server_url",
    "open_store",
]
