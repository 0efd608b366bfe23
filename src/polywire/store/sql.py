"""The store: every query written once in SQLAlchemy Core, for SQLite and PostgreSQL alike.

Only upserts take the database's own INSERT; connecting and locking (``connect``) are
the part each database does its own way. The methods'
contracts are the roles' that use them: ``pipeline.ArticleLog``, ``catalogue.Catalogue``,
``extract.boilerplate.SiteLines``, ``link.versions.KeptLinks``, ``ingest.watch.FeedBook``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import fields
from datetime import datetime
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from polywire.entities.linking import link, lookup_keys
from polywire.errors import BadInput
from polywire.follow.storage import Delivery, Match, NewSubscription, Subscription
from polywire.model import (
    ArticleRow,
    Assignment,
    Entity,
    EventDate,
    Feed,
    KnownName,
    Mention,
    NewArticle,
    Placement,
    PollResult,
    Regrouping,
    StoredLead,
    StoredLink,
    StoryDetail,
    StorySummary,
    WindowRow,
)
from polywire.store import tables
from polywire.store.connect import WriterLock, engine_for
from polywire.store.migrate import StoreUnusable, upgrade
from polywire.timeutil import now

a, f, s, m = tables.articles, tables.families, tables.stories, tables.mentions
k, e, threads, feeds = tables.entity_keys, tables.entities, tables.threads, tables.feeds
MAX_ID = 2**63 - 1
"""Ids are 64-bit signed integers in both databases: a larger number names nothing."""


class DuplicateArticle(Exception):
    """The article's URL or content is stored already (another process may have just added it)."""


class StoreRefused(BadInput):
    """The database refused this one article's data; the batch goes on without it."""


def is_id(value: int | None) -> bool:
    """Whether ``value`` can be a stored row's id (None, for no filter, can)."""
    return value is None or 0 < value <= MAX_ID


_STORY = a.join(f, f.c.id == a.c.family_id)
_GROUPS = _STORY.join(s, s.c.id == f.c.story_id)
_MENTIONS = m.join(a, a.c.id == m.c.article_id).join(f, f.c.id == a.c.family_id)
_PLACED = (
    a.c.family_id.label("family"),
    f.c.story_id.label("story"),
    s.c.thread_id.label("thread"),
)
_EVENT = (a.c.event_day, a.c.event_source, a.c.event_confidence)
_ROW = ("id", "title", "lang", "source", "url", "site", "published_at", "ingested_at", "seen_at")
_ROWS = select(*(a.c[c] for c in (*_ROW, "published_from", "published_margin")), *_PLACED, *_EVENT)
_ROWS = _ROWS.select_from(_GROUPS)
_OLDEST_FIRST = (a.c.happened_at, a.c.id)
_ARTICLE: tuple[str, ...] = (
    "url",
    "source",
    "title",
    "body",
    "lang",
    "site",
    "author",
    "published_at",
)
_ARTICLE += ("published_from", "published_margin")
_NEW = ("content_hash", "ingested_at", "happened_at", "seen_at", "vector", "copy_of")
_COLUMN = {"original": "original_id", "version": "version_id", "source": "source_id"}
_COLUMN |= {"subscription": "subscription_id", "story": "story_id", "entity": "entity_id"}
"""Columns named otherwise than the fields of the dataclasses they are stored from."""
subs = tables.subscriptions


def _named(table: sa.Table) -> list[Any]:
    """The table's columns, each labelled as the field it is stored from."""
    field = {column: name for name, column in _COLUMN.items()}
    return [
        column.label(field.get(column.name, column.name))
        for column in table.c
        if column.name != "id"
    ]


def _columns(stored: Any) -> dict[str, Any]:
    """A dataclass's fields by the names of the columns they are stored in."""
    return {_COLUMN.get(name, name): value for name, value in vars(stored).items()}


_SUBS = [subs.c.id, *_named(subs)]
_LINKS = select(*_named(tables.version_links))
_FEEDS = select(
    *(feeds.c[field.name] for field in fields(Feed) if field.name != "mean_delay_seconds"),
    (feeds.c.delay_seconds_total / func.nullif(feeds.c.delays, 0)).label("mean_delay_seconds"),
)
_PLACE = sa.and_(k.c.entity_id == m.c.entity_id, k.c.key >= "territory:", k.c.key < "territory;")
"""Mention ``m`` names a country or continent the gazetteer knows (a ``territory:`` key)."""


class Store:
    """Transactional storage of articles, their groups, names, links and feeds."""

    def __init__(self, location: str) -> None:
        self._engine = engine_for(location)
        self._writes = self._engine.execution_options(write=True)
        postgres = self._engine.dialect.name == "postgresql"
        try:
            upgrade(self._engine)
        except (sa.exc.DatabaseError, StoreUnusable) as error:
            self._engine.dispose()
            if isinstance(error, StoreUnusable):
                raise
            if postgres or isinstance(error, sa.exc.OperationalError):
                raise StoreUnusable(f"cannot open the store: {error.orig}") from None
            raise StoreUnusable(
                f"{location} is not a Polywire store, or it is damaged ({error.orig}); "
                "restore it from a copy, or give another --db"
            ) from None
        self._insert = postgresql.insert if postgres else sqlite.insert
        self._writer = WriterLock(self._engine)

    def _all(self, query: sa.Executable) -> list[Any]:
        with self._engine.connect() as db:
            return list(db.execute(query).mappings())

    def _one(self, query: sa.Executable) -> Any:
        found = self._all(query)
        return found[0] if found else None

    def _scalar(self, query: sa.Executable) -> Any:
        with self._engine.connect() as db:
            return db.scalar(query)

    def is_known(self, url: str | None, content_hash: str) -> bool:
        known = a.c.content_hash == content_hash
        if url is not None:  # url == None would be "url IS NULL"
            known = sa.or_(known, a.c.url == url)
        return self._scalar(select(a.c.id).where(known).limit(1)) is not None

    def article_for_url(self, url: str) -> int | None:
        found: int | None = self._scalar(select(a.c.id).where(a.c.url == url))
        return found

    def add(self, new: NewArticle, assignment: Assignment) -> Placement:
        event = new.article.event
        values = {name: getattr(new.article, name) for name in _ARTICLE}
        values |= {name: getattr(new, name) for name in _NEW}
        values |= {"event_day": event.day, "event_source": event.source}
        try:
            with self._writes.begin() as db:
                thread = assignment.thread or _new_id(db, sa.insert(threads))
                story = assignment.story or _new_id(db, sa.insert(s).values(thread_id=thread))
                family = assignment.family or _new_id(db, sa.insert(f).values(story_id=story))
                row = values | {"family_id": family, "event_confidence": event.confidence}
                self._add_mentions(db, _new_id(db, sa.insert(a).values(row)), new.mentions)
                if new.site_lines:
                    self._count_lines(db, *new.site_lines)
        except sa.exc.IntegrityError as error:
            if "unique" in str(error.orig).lower():
                raise DuplicateArticle(str(error.orig)) from error
            raise
        except (sa.exc.DataError, UnicodeEncodeError, OverflowError) as error:
            raise StoreRefused(f"the database refused it: {error}") from error
        return Placement(family=family, story=story, thread=thread)

    def _add_mentions(self, db: sa.Connection, article: int, mentions: Collection[Mention]) -> None:
        if not mentions:
            return
        keys = select(k.c.key, k.c.entity_id).where(k.c.key.in_(lookup_keys(mentions)))

        def new_entity(form: str) -> int:
            return _new_id(db, sa.insert(e).values(name=form))

        links = link(mentions, dict(db.execute(keys).all()), new_entity)
        if links.keys:
            keys_in = [{"key": key, "entity_id": entity} for key, entity in links.keys]
            db.execute(self._insert(k).on_conflict_do_nothing(), keys_in)
        upsert = self._insert(m)
        was, more = m.c.position, upsert.excluded.position
        upsert = upsert.on_conflict_do_update(
            index_elements=[m.c.article_id, m.c.entity_id, m.c.form],
            set_={
                "count": m.c["count"] + upsert.excluded["count"],
                "position": sa.case((more < was, more), else_=func.coalesce(was, more)),
            },
        )
        columns = ("entity_id", "form", "count", "position")
        found = [dict(zip(columns, row, strict=True)) for row in links.mentions]
        db.execute(upsert, [row | {"article_id": article} for row in found])

    def add_revision(
        self, article_id: int, content_hash: str, title: str, body: str, seen_at: datetime
    ) -> bool:
        row = {"article_id": article_id, "content_hash": content_hash, "title": title}
        kept = self._insert(tables.revisions).on_conflict_do_nothing()
        with self._writes.begin() as db:  # a row returned when one was inserted
            added = db.execute(
                kept.returning(tables.revisions.c.id), row | {"body": body, "seen_at": seen_at}
            )
            return added.first() is not None

    def move_story(self, story_id: int, thread_id: int) -> None:
        with self._writes.begin() as db:
            old = db.scalar(select(s.c.thread_id).where(s.c.id == story_id))
            db.execute(sa.update(s).where(s.c.id == story_id).values(thread_id=thread_id))
            empty = ~sa.exists().where(s.c.thread_id == old)
            db.execute(sa.delete(threads).where(threads.c.id == old, empty))

    def stored_lead(self, content_hash: str) -> StoredLead | None:
        lead = ("id", "vector", "lang", "title", "body")
        query = select(*(a.c[c] for c in lead), *_PLACED).select_from(_GROUPS)
        row = self._one(query.where(a.c.content_hash == content_hash))
        if row is None:
            return None
        return StoredLead(**{c: row[c] for c in lead}, placement=_placement(row))

    def window(self, since: datetime | None) -> Iterator[WindowRow]:
        texts = ("vector", "content_hash", "lang", "title", "body", "published_at")
        query = select(*(a.c[c] for c in texts), a.c.copy_of, *_PLACED, *_EVENT)
        query = query.select_from(_GROUPS).order_by(*_OLDEST_FIRST)
        if since is not None:
            query = query.where(a.c.happened_at >= since)
        # Streamed: a backfill's window can be far larger than memory should hold.
        with self._engine.connect().execution_options(yield_per=1000) as db:
            for row in db.execute(query).mappings():
                yield WindowRow(
                    **{c: row[c] for c in texts},
                    placement=_placement(row),
                    is_copy=row["copy_of"] is not None,
                    event=_event(row),
                )

    def latest_time(self) -> datetime | None:
        latest: datetime | None = self._scalar(select(func.max(a.c.happened_at)))
        return latest

    def entity_keys(self, story_id: int) -> dict[str, int]:
        query = select(k.c.key, func.count(a.c.lang.distinct()).label("n"))
        query = query.select_from(_MENTIONS.join(k, k.c.entity_id == m.c.entity_id))
        query = query.where(f.c.story_id == story_id).group_by(k.c.key)
        return {row["key"]: row["n"] for row in self._all(query)}

    def family_names(self, family_id: int) -> list[KnownName]:
        in_family = a.c.family_id == family_id
        joined = _MENTIONS.join(k, k.c.entity_id == m.c.entity_id)
        keys = select(k.c.entity_id, k.c.key).select_from(joined).where(in_family).distinct()
        forms = _forms(func.min(m.c.position).label("position")).where(in_family)
        return _known_names(self._all(keys), _by_frequency(self._all(forms)))

    def mentions(self, article_id: int) -> list[Mention]:
        named = (m.c.form, m.c["count"], m.c.entity_id.label("entity"), m.c.position)
        query = select(*named).where(m.c.article_id == article_id).order_by(m.c.entity_id, m.c.form)
        return [Mention(**row, lookup=(), register=()) for row in self._all(query)]

    def site_line_pages(self, site: str, line_hashes: Collection[str]) -> dict[str, int]:
        lines = tables.site_lines
        query = select(lines.c.line_hash, lines.c.pages).where(
            lines.c.site == site, lines.c.line_hash.in_(list(line_hashes))
        )
        return {row["line_hash"]: row["pages"] for row in self._all(query)}

    def add_site_lines(self, site: str, line_hashes: Collection[str]) -> None:
        """Count one more page of ``site`` for each line."""
        with self._writes.begin() as db:
            self._count_lines(db, site, line_hashes)

    def _count_lines(self, db: sa.Connection, site: str, line_hashes: Collection[str]) -> None:
        lines = tables.site_lines
        upsert = (
            self._insert(lines)
            .values(pages=1)
            .on_conflict_do_update(
                index_elements=[lines.c.site, lines.c.line_hash], set_={"pages": lines.c.pages + 1}
            )
        )
        # Sorted: two writers counting the same lines take their row locks in one order.
        found = [{"site": site, "line_hash": line} for line in sorted(set(line_hashes))]
        if found:
            db.execute(upsert, found)

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
        if not is_id(entity):
            return []
        a2, f2 = a.alias(), f.alias()
        headline = select(a2.c.title).join(f2, f2.c.id == a2.c.family_id)
        headline = headline.where(f2.c.story_id == f.c.story_id).order_by(a2.c.happened_at, a2.c.id)
        happened = a.c.happened_at
        query = select(
            f.c.story_id.label("id"),
            headline.limit(1).scalar_subquery().label("headline"),
            func.count().label("articles"),
            func.min(happened).label("first_seen"),
            func.max(happened).label("last_seen"),
        ).select_from(_STORY)
        if entity is not None:
            naming = select(f.c.story_id).select_from(_MENTIONS).where(m.c.entity_id == entity)
            query = query.where(f.c.story_id.in_(naming))
        wanted: list[tuple[object, Callable[[], sa.ColumnElement[bool]]]] = [
            (lang, lambda: func.count(sa.case((a.c.lang == lang, 1))) > 0),
            (site, lambda: func.count(sa.case((a.c.site == site, 1))) > 0),
            (since, lambda: func.max(happened) >= since),
            (until, lambda: func.min(happened) <= until),
        ]
        query = query.group_by(f.c.story_id).having(*(is_() for on, is_ in wanted if on))
        query = query.order_by(sa.desc("last_seen"), sa.desc("id")).limit(limit).offset(offset)
        found = self._all(query)
        languages = select(f.c.story_id, a.c.lang).select_from(_STORY).distinct()
        in_story: dict[int, list[str]] = {row["id"]: [] for row in found}
        for row in self._all(languages.where(f.c.story_id.in_(list(in_story)))):
            in_story[row["story_id"]].append(row["lang"])
        return [StorySummary(**row, languages=sorted(in_story[row["id"]])) for row in found]

    def story(self, story_id: int) -> StoryDetail | None:
        found = self.story_articles([story_id])[story_id] if is_id(story_id) else []
        if not found:
            return None
        families: dict[int, list[ArticleRow]] = {}
        for row in found:
            families.setdefault(row.family, []).append(row)
        # Oldest first: the first that happened names the story, as in the story list.
        times = [row.published_at or row.first_seen for row in found]
        languages = sorted({row.lang for row in found})
        summary = StorySummary(
            story_id, found[0].title, languages, len(found), times[0], max(times)
        )
        return StoryDetail(summary, found[0].thread, dict(sorted(families.items())))

    def story_articles(self, story_ids: Collection[int]) -> dict[int, list[ArticleRow]]:
        found: dict[int, list[ArticleRow]] = {i: [] for i in story_ids}
        for row in self._all(_ROWS.where(f.c.story_id.in_(list(found))).order_by(*_OLDEST_FIRST)):
            found[row["story"]].append(_article(row))
        return found

    def family(self, family_id: int) -> list[ArticleRow]:
        query = _ROWS.where(a.c.family_id == family_id).order_by(*_OLDEST_FIRST)
        return [_article(row) for row in self._all(query)] if is_id(family_id) else []

    def article(self, article_id: int) -> ArticleRow | None:
        row = self._one(_ROWS.where(a.c.id == article_id)) if is_id(article_id) else None
        return _article(row) if row else None

    def texts(self, article_ids: Collection[int]) -> dict[int, tuple[str, str]]:
        query = select(a.c.id, a.c.title, a.c.body).where(a.c.id.in_(list(article_ids)))
        return {row["id"]: (row["title"], row["body"]) for row in self._all(query)}

    def article_vectors(
        self, after_id: int = 0
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        found = self._all(select(a.c.id, a.c.vector).where(a.c.id > after_id).order_by(a.c.id))
        ids = np.array([row["id"] for row in found], dtype=np.int64)
        if not found:
            return ids, np.zeros((0, 0), dtype=np.float32)
        return ids, np.vstack([row["vector"] for row in found])

    def entity_ids(self, article_ids: Collection[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {i: set() for i in article_ids}
        query = select(m.c.article_id, m.c.entity_id).where(m.c.article_id.in_(list(found)))
        for row in self._all(query):
            found[row["article_id"]].add(row["entity_id"])
        return found

    def entities(
        self,
        story_id: int | None = None,
        limit: int = 50,
        offset: int = 0,
        entity_id: int | None = None,
        min_versions: int = 1,
    ) -> list[Entity]:
        if not (is_id(story_id) and is_id(entity_id)):
            return []
        scope = [f.c.story_id == story_id] if story_id is not None else []
        scope += [m.c.entity_id == entity_id] if entity_id is not None else []
        named = func.count(m.c.article_id.distinct())
        query = select(m.c.entity_id.label("id"), e.c.name, named.label("articles")).where(*scope)
        query = query.select_from(_MENTIONS.join(e, e.c.id == m.c.entity_id))
        query = query.group_by(m.c.entity_id, e.c.name)
        query = query.having(sa.or_(named >= min_versions, sa.exists().where(_PLACE)))
        most: tuple[Any, ...] = (
            sa.desc(func.count(a.c.lang.distinct())),
            sa.desc("articles"),
            m.c.entity_id,
        )
        heads = self._all(query.order_by(*most).limit(limit).offset(offset))
        forms: dict[int, dict[str, list[str]]] = {row["id"]: {} for row in heads}
        query = _forms().where(m.c.entity_id.in_(list(forms)), *scope)
        for row in _by_frequency(self._all(query)):
            forms[row["entity_id"]].setdefault(row["lang"], []).append(row["form"])
        return [
            Entity.of(row["id"], row["name"], forms[row["id"]], row["articles"]) for row in heads
        ]

    def entity(self, entity_id: int) -> Entity | None:
        found = self.entities(entity_id=entity_id, limit=1)
        return found[0] if found else None

    def count_articles(self) -> int:
        return int(self._scalar(select(func.count()).select_from(a)))

    def version_links(self, version_ids: Collection[int]) -> dict[int, StoredLink]:
        query = _LINKS.where(tables.version_links.c.version_id.in_(list(version_ids)))
        return {row["version"]: StoredLink(**row) for row in self._all(query)}

    def put_version_links(self, links: Collection[StoredLink]) -> None:
        found = [_columns(link) for link in links]
        self._replace(tables.version_links, found)

    def sentence_vectors(self, article_id: int) -> npt.NDArray[np.float32] | None:
        kept = tables.sentence_vectors
        row = self._one(select(kept).where(kept.c.article_id == article_id))
        return row["vectors"].reshape(row["sentences"], -1) if row else None

    def put_sentence_vectors(self, article_id: int, vectors: npt.NDArray[np.float32]) -> None:
        row = {"article_id": article_id, "sentences": len(vectors), "vectors": vectors.ravel()}
        self._replace(tables.sentence_vectors, [row])

    def _replace(self, table: sa.Table, found: list[dict[str, Any]]) -> None:
        """Insert rows, each replacing any stored with its primary key."""
        upsert = self._insert(table)
        key = [column.name for column in table.primary_key]
        fresh = {name: upsert.excluded[name] for name in table.c.keys() if name not in key}  # noqa: SIM118
        with self._writes.begin() as db:
            if found:
                db.execute(upsert.on_conflict_do_update(index_elements=key, set_=fresh), found)

    def add_feed(self, url: str, name: str | None) -> Feed:
        with self._writes.begin() as db:
            db.execute(self._insert(feeds).on_conflict_do_nothing(), {"url": url, "name": name})
        return next(feed for feed in self.feeds() if feed.url == url)

    def remove_feed(self, url: str) -> bool:
        with self._writes.begin() as db:
            return db.execute(sa.delete(feeds).where(feeds.c.url == url)).rowcount > 0

    def feeds(self) -> list[Feed]:
        return [Feed(**row) for row in self._all(_FEEDS.order_by(feeds.c.id))]

    def record_poll(self, feed_id: int, result: PollResult, at: datetime) -> None:
        values: dict[str, Any] = {"last_error": result.error, "last_error_at": at}
        if result.error is None:  # a success keeps the validators it was not sent again
            validators = {"etag": result.etag, "last_modified": result.last_modified}
            values = {name: value for name, value in validators.items() if value is not None}
            values |= {"last_success": at, "items_seen": feeds.c.items_seen + result.new_items}
            values["delay_seconds_total"] = feeds.c.delay_seconds_total + sum(result.delays)
            values["delays"] = feeds.c.delays + len(result.delays)
        with self._writes.begin() as db:
            db.execute(sa.update(feeds).where(feeds.c.id == feed_id).values(values))

    def is_seen(self, url: str) -> bool:
        seen = tables.seen_urls
        return self._scalar(select(seen.c.url).where(seen.c.url == url)) is not None

    def mark_seen(self, url: str, at: datetime) -> None:
        seen = self._insert(tables.seen_urls).on_conflict_do_nothing()
        with self._writes.begin() as db:
            db.execute(seen, {"url": url, "seen_at": at})

    def add_subscription(self, new: NewSubscription) -> Subscription:
        values = _columns(new)
        with self._writes.begin() as db:
            found = db.execute(
                sa.insert(subs).values(values | {"created_at": now()}).returning(*_SUBS)
            )
            return Subscription(**found.mappings().one())

    def subscriptions(self) -> list[Subscription]:
        return [Subscription(**row) for row in self._all(select(*_SUBS).order_by(subs.c.id))]

    def remove_subscription(self, subscription_id: int) -> bool:
        if not is_id(subscription_id):
            return False
        with self._writes.begin() as db:
            return db.execute(sa.delete(subs).where(subs.c.id == subscription_id)).rowcount > 0

    def matches(self, subscription_id: int, story_id: int | None = None) -> list[Match]:
        told = tables.subscription_matches
        query = select(*_named(told)).where(told.c.subscription_id == subscription_id)
        if story_id is not None:
            query = query.where(told.c.story_id == story_id)
        query = query.order_by(sa.desc(told.c.updated), sa.desc(told.c.story_id))
        found = self._all(query) if is_id(subscription_id) and is_id(story_id) else []
        return [Match(**{**row, "languages": tuple(row["languages"].split(","))}) for row in found]

    def put_match(self, match: Match) -> None:
        told = tables.subscription_matches
        upsert = self._insert(told)
        upsert = upsert.on_conflict_do_update(
            index_elements=[told.c.subscription_id, told.c.story_id],
            set_={"languages": upsert.excluded.languages, "updated": upsert.excluded.updated},
        )
        row = _columns(match)
        self._if_subscribed(
            match.subscription, upsert, row | {"languages": ",".join(match.languages)}
        )

    def log_delivery(self, delivery: Delivery) -> None:
        row = _columns(delivery)
        self._if_subscribed(delivery.subscription, sa.insert(tables.deliveries), row)

    def _if_subscribed(self, subscription: int, write: sa.Executable, row: dict[str, Any]) -> None:
        """Write the row unless its subscription is gone: removed while a story was matched or
        a webhook delivered. The subscription cannot go until the write commits."""
        alive = select(subs.c.id).where(subs.c.id == subscription).with_for_update(key_share=True)
        with self._writes.begin() as db:
            if db.scalar(alive) is not None:
                db.execute(write, row)

    def deliveries(self, subscription_id: int, limit: int = 50) -> list[Delivery]:
        sent = tables.deliveries
        query = select(*_named(sent)).where(sent.c.subscription_id == subscription_id)
        query = query.order_by(sent.c.id.desc()).limit(limit)
        return [Delivery(**row) for row in self._all(query)] if is_id(subscription_id) else []

    def claim_writer(self, wait: bool) -> bool:
        """Become the store's one writer (ingest, watch) until closed; False when another
        process is, and ``wait`` is false. With ``wait``, blocks until it can."""
        return self._writer.claim(wait)

    def close(self) -> None:
        self._writer.release()
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def new_story(self, thread_id: int) -> int:
        """An empty story in the thread, for a family a consolidation takes out of its story."""
        with self._writes.begin() as db:
            return _new_id(db, sa.insert(s).values(thread_id=thread_id))

    def regroup(self, regrouping: Regrouping) -> None:
        """Follow a consolidation in one transaction: families move, stories change thread,
        absorbed stories' families join the story that absorbed them and their ids lead there
        (their rows stay, so no id is ever given again); threads left empty go."""
        moves, changed = tables.story_moves, regrouping
        stories = {*changed.families.values(), *changed.threads, *changed.merged}
        with self._writes.begin() as db:
            was = set(db.scalars(select(s.c.thread_id).where(s.c.id.in_(list(stories)))))
            for family, story in changed.families.items():
                db.execute(sa.update(f).where(f.c.id == family).values(story_id=story))
            for story, thread in changed.threads.items():
                db.execute(sa.update(s).where(s.c.id == story).values(thread_id=thread))
            for absorbed, into in changed.merged.items():
                db.execute(sa.update(f).where(f.c.story_id == absorbed).values(story_id=into))
                into_thread = select(s.c.thread_id).where(s.c.id == into).scalar_subquery()
                db.execute(sa.update(s).where(s.c.id == absorbed).values(thread_id=into_thread))
                db.execute(sa.insert(moves).values(story_id=absorbed, into_id=into, moved_at=now()))
            empty = ~sa.exists().where(s.c.thread_id == threads.c.id)
            db.execute(sa.delete(threads).where(threads.c.id.in_(list(was)), empty))

    def story_moved_to(self, story_id: int) -> int | None:
        """The story an absorbed story's articles are in now, over every hop; None when the
        story was never absorbed."""
        moves, seen, at = tables.story_moves, {story_id}, story_id
        while is_id(at):
            into = self._scalar(select(moves.c.into_id).where(moves.c.story_id == at))
            if into is None or into in seen:
                break
            seen.add(at := into)
        return at if at != story_id else None


def _placement(row: Any) -> Placement:
    return Placement(row["family"], row["story"], row["thread"])


def _event(row: Any) -> EventDate:
    return EventDate(row["event_day"], row["event_source"], float(row["event_confidence"]))


def _article(row: Any) -> ArticleRow:
    fields = {name: value for name, value in row.items() if not name.startswith("event_")}
    return ArticleRow(**fields, event=_event(row))


def _by_frequency(forms: list[Any]) -> list[Any]:
    """Form rows, the most used first, then by form in code-point order on every database."""
    return sorted(forms, key=lambda row: (-row["uses"], row["form"]))


def _known_names(keys: list[Any], forms: list[Any]) -> list[KnownName]:
    """From (entity_id, key) rows and (entity_id, lang, form, position) rows, the most used
    first: an entity's first form in a language is kept, and its earliest position there."""
    known: dict[int, set[str]] = {}
    for row in keys:
        known.setdefault(row["entity_id"], set()).add(row["key"])
    names = {entity: KnownName(entity, frozenset(ks), {}) for entity, ks in known.items()}
    for row in forms:
        name = names.setdefault(row["entity_id"], KnownName(row["entity_id"], frozenset(), {}))
        name.forms.setdefault(lang := row["lang"], row["form"])
        if (position := row["position"]) is not None:
            name.positions[lang] = min(position, name.positions.get(lang, position))
    return [names[entity] for entity in sorted(names)]


def _forms(*more: Any) -> sa.Select[Any]:
    """Each entity's forms in each language, with how often they are used (``uses``)."""
    uses = func.sum(m.c["count"]).label("uses")
    query = select(m.c.entity_id, a.c.lang, m.c.form, uses, *more).select_from(_MENTIONS)
    return query.group_by(m.c.entity_id, a.c.lang, m.c.form)


def _new_id(db: sa.Connection, statement: sa.Executable) -> int:
    return int(db.execute(statement).inserted_primary_key[0])  # type: ignore[index]


def open_store(location: str) -> Store:
    """Open the store at ``location``: a ``postgresql://`` URL, else an SQLite file path."""
    return Store(location)


def become_writer(store: Store, on_wait: Callable[[], None]) -> None:
    """Claim the store for this process's writes, calling ``on_wait`` first if it must wait.

    Two writers at once would each cluster without the other's articles and split
    stories between them; one after the other, the second sees all the first stored.
    """
    if not store.claim_writer(wait=False):
        on_wait()
        store.claim_writer(wait=True)
