"""Persistence behind one small ``Store`` interface, chosen by configuration."""

from polywire.store.base import NewArticle, Store, WindowRow, open_store

__all__ = ["NewArticle", "Store", "WindowRow", "open_store"]
