"""Persistence: one SQL store for SQLite and PostgreSQL, which every stage's role reads."""

from polywire.model import NewArticle
from polywire.store.connect import is_server_url
from polywire.store.migrate import StoreUnusable
from polywire.store.sql import (
    DuplicateArticle,
    Store,
    StoreRefused,
    become_writer,
    open_store,
)

__all__ = [
    "DuplicateArticle",
    "NewArticle",
    "Store",
    "StoreRefused",
    "StoreUnusable",
    "become_writer",
    "is_server_url",
    "open_store",
]
