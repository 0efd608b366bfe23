"""The ``Store`` interface every backend implements."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

import numpy as np
import numpy.typing as npt

from polywire.cluster import Assignment
from polywire.errors import BadInput
from polywire.model import (
    UNKNOWN_EVENT,
    Article,
    ArticleRow,
    Entity,
    EventDate,
    Feed,
    KnownName,
    Mention,
    Placement,
    PollResult,
    StoredLink,
    StoryDetail,
    StorySummary,
)


class DuplicateArticle(Exception):
    """The article's URL or content is stored already (another process may have just added it)."""


class StoreRefused(BadInput):
    """The database refused this one article's data; the batch goes on without it."""


class StoreUnusable(Exception):
    """The store cannot be opened: not a Polywire store, damaged, or from a newer Polywire."""


# Ids are 64-bit signed integers in both databases: a larger number names nothing.
MAX_ID = 2**63 - 1


def is_id(value: int | None) -> bool:
    """Whether ``value`` can be a stored row's id (None, for no filter, can)."""
    return value is None or 0 < value <= MAX_ID


@dataclass(frozen=True)
class NewArticle:
    """An article ready to be stored, with what clustering computed for it."""

    article: Article
    content_hash: str
    ingested_at: datetime
    vector: npt.NDArray[np.float32]
    mentions: tuple[Mention, ...] = ()
    copy_of: int | None = None
    """The stored article whose lead this one all but repeats, when it is a near-duplicate."""

    @property
    def seen_at(self) -> datetime:
        return self.article.seen_at or self.ingested_at

    @property
    def happened_at(self) -> datetime:
        """The time that orders articles in the store's window and story lists: published,
        else first seen. An undated article still needs a place in the window a restarted
        pipeline rebuilds, and when it was seen is the only time known of it (its clustering
        point stays undated, so no time window keeps it from any story)."""
        return self.article.published_at or self.seen_at


@dataclass(frozen=True)
class WindowRow:
    """What the clusterer needs to rebuild its window from the store."""

    vector: npt.NDArray[np.float32]
    content_hash: str
    lang: str
    title: str
    body: str
    published_at: datetime | None
    placement: Placement
    is_copy: bool
    """A near-duplicate of another stored article: the clusterer did not learn it."""
    event: EventDate = UNKNOWN_EVENT


@dataclass(frozen=True)
class StoredLead:
    """A stored article's lead vector, groups and text: all a near-duplicate of it needs."""

    id: int
    vector: npt.NDArray[np.float32]
    placement: Placement
    lang: str
    title: str
    body: str


class Store(ABC):
    """Transactional storage of articles and their groups."""

    @abstractmethod
    def is_known(self, url: str | None, content_hash: str) -> bool:
        """Whether this URL or this content is stored already."""

    @abstractmethod
    def add(self, new: NewArticle, assignment: Assignment) -> Placement:
        """Store one article in one transaction, creating the groups it starts.

        Raises ``DuplicateArticle``, storing nothing, if its URL or content is known.
        """

    @abstractmethod
    def move_story(self, story_id: int, thread_id: int) -> None:
        """Put a story in another thread; its old thread goes if it is left empty."""

    @abstractmethod
    def stored_lead(self, content_hash: str) -> StoredLead | None:
        """The headline+lead vector, groups and text of the article with this fingerprint,
        if stored."""

    @abstractmethod
    def window(self, since: datetime | None) -> Iterator[WindowRow]:
        """Articles that happened at or after ``since`` (all when None), oldest first."""

    @abstractmethod
    def latest_time(self) -> datetime | None:
        """When the most recent stored article happened."""

    @abstractmethod
    def stories(
        self,
        lang: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        site: str | None = None,
        entity: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StorySummary]:
        """Stories, most recently active first.

        A story is kept when it has an article in ``lang``, one from ``site``,
        one naming ``entity``, and was active between ``since`` and ``until``.
        """

    @abstractmethod
    def story(self, story_id: int) -> StoryDetail | None:
        """One story with its families and their articles."""

    @abstractmethod
    def story_articles(self, story_ids: Collection[int]) -> dict[int, list[ArticleRow]]:
        """The articles of each story asked for, oldest first."""

    @abstractmethod
    def article(self, article_id: int) -> ArticleRow | None: ...

    @abstractmethod
    def article_vectors(
        self, after_id: int = 0
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Ids and headline+lead vectors of the articles stored after ``after_id``, by id."""

    @abstractmethod
    def entity_keys(self, story_id: int) -> dict[str, int]:
        """Keys of the entities the story's articles name, each with how many languages do."""

    @abstractmethod
    def family_names(self, family_id: int) -> list[KnownName]:
        """The entities the family's versions name, with their keys and forms."""

    @abstractmethod
    def mentions(self, article_id: int) -> list[Mention]:
        """The names the article was stored with, each linked to its entity."""

    @abstractmethod
    def entity_ids(self, article_ids: Collection[int]) -> dict[int, set[int]]:
        """The entities each article asked for names."""

    @abstractmethod
    def entities(
        self,
        story_id: int | None = None,
        limit: int = 50,
        offset: int = 0,
        entity_id: int | None = None,
        min_versions: int = 1,
    ) -> list[Entity]:
        """Entities (of one story, or all), named in the most languages and articles first.

        Only those that at least ``min_versions`` articles in scope name, unless a
        gazetteer knows them (a territory key): a name one article alone gives is
        often a word that merely looks like one.
        """

    def entity(self, entity_id: int) -> Entity | None:
        found = self.entities(entity_id=entity_id, limit=1)
        return found[0] if found else None

    @abstractmethod
    def search_text(self, query: str, limit: int) -> list[int]:
        """Ids of the articles whose words best match ``query``'s, best first."""

    @abstractmethod
    def texts(self, article_ids: Collection[int]) -> dict[int, tuple[str, str]]:
        """Title and body of each stored article asked for."""

    @abstractmethod
    def sentence_vectors(self, article_id: int) -> npt.NDArray[np.float32] | None:
        """The article's cached sentence vectors, one row per sentence, if any."""

    @abstractmethod
    def put_sentence_vectors(self, article_id: int, vectors: npt.NDArray[np.float32]) -> None:
        """Cache the article's sentence vectors."""

    @abstractmethod
    def version_links(self, version_ids: Collection[int]) -> dict[int, StoredLink]:
        """The kept link to each version asked for, by version id, where there is one."""

    @abstractmethod
    def put_version_links(self, links: Collection[StoredLink]) -> None:
        """Keep judged links, replacing any earlier link to the same versions."""

    @abstractmethod
    def site_line_pages(self, site: str, line_hashes: Collection[str]) -> dict[str, int]:
        """On how many stored pages of ``site`` each line appeared (absent: none)."""

    @abstractmethod
    def add_site_lines(self, site: str, line_hashes: Collection[str]) -> None:
        """Count one more page of ``site`` for each line."""

    @abstractmethod
    def article_for_url(self, url: str) -> int | None:
        """The id of the article stored at this URL, if any."""

    @abstractmethod
    def add_revision(
        self, article_id: int, content_hash: str, title: str, body: str, seen_at: datetime
    ) -> bool:
        """Keep a later text of an article; False if that text was kept already."""

    @abstractmethod
    def add_feed(self, url: str, name: str | None) -> Feed:
        """Watch a feed; a feed watched already is returned as it is."""

    @abstractmethod
    def remove_feed(self, url: str) -> bool: ...

    @abstractmethod
    def feeds(self) -> list[Feed]: ...

    @abstractmethod
    def record_poll(self, feed_id: int, result: PollResult, at: datetime) -> None:
        """Update a feed's health: a success keeps its validators, an error its message."""

    @abstractmethod
    def is_seen(self, url: str) -> bool:
        """Whether a feed item at this canonical URL was fetched already."""

    @abstractmethod
    def mark_seen(self, url: str, at: datetime) -> None: ...

    @abstractmethod
    def claim_writer(self, wait: bool) -> bool:
        """Become the store's one writer (ingest, watch) until closed; False when another
        process is, and ``wait`` is false. With ``wait``, blocks until it can."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def query_words(query: str, most: int = 32) -> list[str]:
    """The words of a search query, lowercased: all a full-text index needs, nothing it parses."""
    return re.findall(r"\w+", query.lower())[:most]


def id_vectors(
    rows: list[tuple[int, bytes]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Stored (id, float32 bytes) rows as an id array and a matrix, one row per id."""
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    if not rows:
        return ids, np.zeros((0, 0), dtype=np.float32)
    return ids, np.vstack([np.frombuffer(row[1], dtype="<f4") for row in rows]).astype(np.float32)


def become_writer(store: Store, on_wait: Callable[[], None]) -> None:
    """Claim the store for this process's writes, calling ``on_wait`` first if it must wait.

    Two writers at once would each cluster without the other's articles and split
    stories between them; one after the other, the second sees all the first stored.
    """
    if not store.claim_writer(wait=False):
        on_wait()
        store.claim_writer(wait=True)


def is_server_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def open_store(location: str) -> Store:
    """Open the store at ``location``: a ``postgresql://`` URL, else an SQLite file path."""
    if is_server_url(location):
        from polywire.store.postgres import PostgresStore

        return PostgresStore(location)
    from polywire.store.sqlite import SQLiteStore

    return SQLiteStore(location)
