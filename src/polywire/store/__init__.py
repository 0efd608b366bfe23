"""Persistence behind one small ``Store`` interface, chosen by configuration."""

from polywire.store.base import (
    DuplicateArticle,
    NewArticle,
    Store,
    WindowRow,
    is_server_url,
    open_store,
)

__all__ = ["DuplicateArticle", "NewArticle", "Store", "WindowRow", "is_server_url", "open_store"]
