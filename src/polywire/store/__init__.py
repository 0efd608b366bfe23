"""Persistence: one SQL store for SQLite and PostgreSQL, which every stage's role reads."""

from polywire.model import NewArticle
from polywire.store.connect import is_server_url
from polywire.store.migrate import StoreUnusable
from polywire.store.sql import (
    DuplicateArticle,
    Store,
    StoreRefused,
    open_store,
)

__all__ = [
    "DuplicateArticle",
    "NewArticle",
    "Store",
    "StoreRefused",
    "StoreUnusable",
    "is_server_url",
    "open_store",
]
