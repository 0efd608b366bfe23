"""The store: every query written once in SQLAlchemy Core, for SQLite and PostgreSQL alike.

Only upserts take the database's own INSERT; connecting and locking (``connect``) are the
part each database does its own way. Reads are built once, at import, with bound
parameters: building a statement per call cost more than running it. The methods'
contracts are the roles' that use them: ``pipeline.ArticleLog``, ``catalogue.Catalogue``,
``extract.boilerplate.SiteLines``, ``link.versions.KeptLinks``, ``ingest.watch.FeedBook``,
``follow.storage.SubscriptionStore``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import fields
from datetime import datetime
from functools import cache
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa
from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite

from polywire.entities.align import known_names
from polywire.entities.linking import link, lookup_keys
from polywire.errors import BadInput
from polywire.model import (
    ArticleRow,
    Assignment,
    Delivery,
    Entity,
    EventDate,
    Feed,
    KnownName,
    Match,
    Mention,
    NewArticle,
    NewSubscription,
    Placement,
    PollResult,
    Regrouping,
    StoredLead,
    StoredLink,
    StoryDetail,
    StorySummary,
    Subscription,
    WindowRow,
)
from polywire.store import tables
from polywire.store.connect import WriterLock, engine_for
from polywire.store.migrate import StoreUnusable, upgrade
from polywire.timeutil import now

a, f, s, m = tables.articles, tables.families, tables.stories, tables.mentions
k, e, threads, feeds = tables.entity_keys, tables.entities, tables.threads, tables.feeds
subs, links, told = tables.subscriptions, tables.version_links, tables.subscription_matches
MAX_ID = 2**63 - 1
"""Ids are 64-bit signed integers in both databases: a larger number names nothing."""


class DuplicateArticle(Exception):
    """The article's URL or content is stored already (another process may have just added it)."""


class StoreRefused(BadInput):
    """The database refused this one article's data; the batch goes on without it."""


def is_id(value: int | None) -> bool:
    """Whether ``value`` can be a stored row's id (None, for no filter, can)."""
    return value is None or 0 < value <= MAX_ID


def _in(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """``column`` is one of the list bound as ``ids``."""
    return column.in_(bindparam("ids", expanding=True))


def _paged(query: sa.Select[Any]) -> sa.Select[Any]:
    return query.limit(bindparam("limit", type_=sa.Integer)).offset(
        bindparam("offset", type_=sa.Integer)
    )


_COLUMN = {"original": "original_id", "version": "version_id", "source": "source_id"}
_COLUMN |= {"subscription": "subscription_id", "story": "story_id", "entity": "entity_id"}
"""Columns named otherwise than the fields of the dataclasses they are stored from."""


def _named(table: sa.Table) -> list[Any]:
    """The table's columns but its id, each labelled as the field it is stored from."""
    field = {column: name for name, column in _COLUMN.items()}
    return [c.label(field.get(c.name, c.name)) for c in table.c if c.name != "id"]


def _columns(stored: Any) -> dict[str, Any]:
    """A dataclass's fields by the names of the columns they are stored in."""
    return {_COLUMN.get(name, name): value for name, value in vars(stored).items()}


_STORY = a.join(f, f.c.id == a.c.family_id)
_GROUPS = _STORY.join(s, s.c.id == f.c.story_id)
_MENTIONS = m.join(a, a.c.id == m.c.article_id).join(f, f.c.id == a.c.family_id)
_KEYED = _MENTIONS.join(k, k.c.entity_id == m.c.entity_id)
_PLACED = (a.c.family_id, f.c.story_id, s.c.thread_id)
_EVENT = (a.c.event_day, a.c.event_source, a.c.event_confidence)
_OLDEST_FIRST = (a.c.happened_at, a.c.id)
# An ArticleRow's fields in order, then its event's.
_ROW = ("id", "title", "lang", "source", "url", "site", "published_at", "ingested_at")
_ROW_END = (a.c.seen_at, a.c.published_from, a.c.published_margin, *_EVENT)
_ROWS = select(*(a.c[c] for c in _ROW), *_PLACED, *_ROW_END).select_from(_GROUPS)
_STORY_ROWS = _ROWS.where(_in(f.c.story_id)).order_by(*_OLDEST_FIRST)
_FAMILY_ROWS = _ROWS.where(a.c.family_id == bindparam("id")).order_by(*_OLDEST_FIRST)
_ARTICLE_ROW = _ROWS.where(a.c.id == bindparam("id"))
_HEADLINES = select(f.c.story_id, a.c.title, a.c.lang).select_from(_STORY)
_HEADLINES = _HEADLINES.where(_in(f.c.story_id)).order_by(*_OLDEST_FIRST)
_STORY_IDS = select(a.c.id, f.c.story_id).select_from(_STORY).where(_in(a.c.id))
_TEXTS = select(a.c.id, a.c.title, a.c.body).where(_in(a.c.id))
_VECTORS = select(a.c.id, a.c.vector).where(a.c.id > bindparam("id")).order_by(a.c.id)
_ENTITY_IDS = select(m.c.article_id, m.c.entity_id).where(_in(m.c.article_id))
_LINKS = select(*_named(links)).where(_in(links.c.version_id))
_MEAN_DELAY = feeds.c.delay_seconds_total / func.nullif(feeds.c.delays, 0)
_FEEDS = select(
    *(feeds.c[field.name] for field in fields(Feed) if field.name != "mean_delay_seconds"),
    _MEAN_DELAY.label("mean_delay_seconds"),
).order_by(feeds.c.id)
_SUBS = (subs.c.id, *_named(subs))
_PLACE = sa.and_(k.c.entity_id == m.c.entity_id, k.c.key >= "territory:", k.c.key < "territory;")
"""Mention ``m`` names a country or continent the gazetteer knows (a ``territory:`` key)."""


def _forms(*more: Any) -> sa.Select[Any]:
    """Each entity's forms in each language, with how often they are used (``uses``)."""
    uses = func.sum(m.c["count"]).label("uses")
    query = select(m.c.entity_id, a.c.lang, m.c.form, uses, *more).select_from(_MENTIONS)
    return query.group_by(m.c.entity_id, a.c.lang, m.c.form)


@cache
def _story_page(*filters: str) -> sa.Select[Any]:
    """A page of stories, the latest active first, with each filter named: a bound parameter
    of the same name (``lang``, ``site``, ``since``, ``until``, ``entity``)."""
    carried = {on: select(f.c.story_id).select_from(_STORY) for on in ("lang", "site")}
    where = {
        "lang": s.c.id.in_(carried["lang"].where(a.c.lang == bindparam("lang"))),
        "site": s.c.id.in_(carried["site"].where(a.c.site == bindparam("site"))),
        "since": s.c.last_seen >= bindparam("since"),
        "until": s.c.first_seen <= bindparam("until"),
        "entity": s.c.id.in_(
            select(f.c.story_id).select_from(_MENTIONS).where(m.c.entity_id == bindparam("entity"))
        ),
    }
    query = select(s.c.id, s.c.articles, s.c.first_seen, s.c.last_seen).where(s.c.articles > 0)
    query = query.where(*(where[on] for on in filters))
    return _paged(query.order_by(s.c.last_seen.desc(), s.c.id.desc()))


def restate(db: sa.Connection, story_ids: Collection[int] | None = None) -> None:
    """Count and span again the articles of stories that gained or lost some (None: all)."""
    in_story = select().select_from(_STORY).where(f.c.story_id == s.c.id)
    of = {"articles": func.count(), "first_seen": func.min(a.c.happened_at)}
    of["last_seen"] = func.max(a.c.happened_at)
    now_in = {name: in_story.add_columns(value).scalar_subquery() for name, value in of.items()}
    chosen = sa.true() if story_ids is None else s.c.id.in_(list(story_ids))
    db.execute(sa.update(s).where(chosen).values(now_in))


@cache
def _named_in(*scope: str) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """Entities named in the scope (bound parameters ``story``, ``entity``), in the most
    languages first; and the forms there of the entities bound as ``ids``."""
    where = [{"story": f.c.story_id, "entity": m.c.entity_id}[on] == bindparam(on) for on in scope]
    named = func.count(m.c.article_id.distinct())
    heads = select(m.c.entity_id.label("id"), e.c.name, named.label("articles")).where(*where)
    heads = heads.select_from(_MENTIONS.join(e, e.c.id == m.c.entity_id))
    heads = heads.group_by(m.c.entity_id, e.c.name)
    heads = heads.having(sa.or_(named >= bindparam("least"), sa.exists().where(_PLACE)))
    languages = func.count(a.c.lang.distinct())
    most: tuple[Any, ...] = (sa.desc(languages), sa.desc("articles"), m.c.entity_id)
    return _paged(heads.order_by(*most)), _forms().where(_in(m.c.entity_id), *where)


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

    def _all(self, query: sa.Executable, params: dict[str, Any] | None = None) -> Sequence[Any]:
        with self._engine.connect() as db:
            return db.execute(query, params).all()

    def _scalar(self, query: sa.Executable, params: dict[str, Any] | None = None) -> Any:
        with self._engine.connect() as db:
            return db.scalar(query, params)

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
                restate(db, [story])
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

        found = link(mentions, dict(db.execute(keys).all()), new_entity)
        if found.keys:
            keys_in = [{"key": key, "entity_id": entity} for key, entity in found.keys]
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
        rows = [dict(zip(columns, row, strict=True)) for row in found.mentions]
        db.execute(upsert, [row | {"article_id": article} for row in rows])

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
        lead = (a.c.id, a.c.vector, a.c.lang, a.c.title, a.c.body)
        query = select(*lead, *_PLACED).select_from(_GROUPS)
        found = self._all(query.where(a.c.content_hash == content_hash))
        if not found:
            return None
        i, vector, lang, title, body, *placed = found[0]
        return StoredLead(i, vector, Placement(*placed), lang, title, body)

    def window(self, since: datetime | None) -> Iterator[WindowRow]:
        texts = (a.c.vector, a.c.content_hash, a.c.lang, a.c.title, a.c.body, a.c.published_at)
        query = select(*texts, *_PLACED, a.c.copy_of, *_EVENT).select_from(_GROUPS)
        query = query.order_by(*_OLDEST_FIRST)
        if since is not None:
            query = query.where(a.c.happened_at >= since)
        # Streamed: a backfill's window can be far larger than memory should hold.
        with self._engine.connect().execution_options(yield_per=1000) as db:
            for row in db.execute(query):
                placed, copy_of = Placement(*row[6:9]), row[9]
                yield WindowRow(*row[:6], placed, copy_of is not None, _event(row))

    def latest_time(self) -> datetime | None:
        latest: datetime | None = self._scalar(select(func.max(a.c.happened_at)))
        return latest

    def entity_keys(self, story_id: int) -> dict[str, int]:
        query = select(k.c.key, func.count(a.c.lang.distinct())).select_from(_KEYED)
        query = query.where(f.c.story_id == story_id).group_by(k.c.key)
        return dict(self._all(query))

    def family_names(self, family_id: int) -> list[KnownName]:
        in_family = a.c.family_id == family_id
        keys = select(k.c.entity_id, k.c.key).select_from(_KEYED).where(in_family).distinct()
        forms = _forms(func.min(m.c.position).label("position")).where(in_family)
        return known_names(self._all(keys), _by_frequency(self._all(forms)))

    def mentions(self, article_id: int) -> list[Mention]:
        named = (m.c.form, m.c["count"], m.c.entity_id, m.c.position)
        query = select(*named).where(m.c.article_id == article_id).order_by(m.c.entity_id, m.c.form)
        found = self._all(query)
        return [Mention(form, n, (), (), entity, at) for form, n, entity, at in found]

    def site_line_pages(self, site: str, line_hashes: Collection[str]) -> dict[str, int]:
        lines = tables.site_lines
        query = select(lines.c.line_hash, lines.c.pages).where(
            lines.c.site == site, lines.c.line_hash.in_(list(line_hashes))
        )
        return dict(self._all(query))

    def add_site_lines(self, site: str, line_hashes: Collection[str]) -> None:
        """Count one more page of ``site`` for each line."""
        with self._writes.begin() as db:
            self._count_lines(db, site, line_hashes)

    def _count_lines(self, db: sa.Connection, site: str, line_hashes: Collection[str]) -> None:
        lines = tables.site_lines
        upsert = self._insert(lines).values(pages=1)
        upsert = upsert.on_conflict_do_update(
            index_elements=[lines.c.site, lines.c.line_hash], set_={"pages": lines.c.pages + 1}
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
        wanted = {"lang": lang, "since": since, "until": until, "site": site, "entity": entity}
        on = {name: value for name, value in wanted.items() if value}
        page = self._all(_story_page(*on), on | {"limit": limit, "offset": offset})
        # The page's headlines (each story's oldest) and languages, for the page only.
        headline: dict[int, str] = {}
        languages: dict[int, set[str]] = {row.id: set() for row in page}
        for story, title, language in self._all(_HEADLINES, {"ids": list(languages)}):
            headline.setdefault(story, title)
            languages[story].add(language)
        return [
            StorySummary(row.id, headline[row.id], sorted(languages[row.id]), *row[1:])
            for row in page
        ]

    def story(self, story_id: int) -> StoryDetail | None:
        found = self.story_articles([story_id])[story_id] if is_id(story_id) else []
        return StoryDetail.of(story_id, found) if found else None

    def story_articles(self, story_ids: Collection[int]) -> dict[int, list[ArticleRow]]:
        found: dict[int, list[ArticleRow]] = {i: [] for i in story_ids}
        for row in self._all(_STORY_ROWS, {"ids": list(found)}):
            found[row.story_id].append(_article(row))
        return found

    def family(self, family_id: int) -> list[ArticleRow]:
        found = self._all(_FAMILY_ROWS, {"id": family_id}) if is_id(family_id) else []
        return [_article(row) for row in found]

    def article(self, article_id: int) -> ArticleRow | None:
        found = self._all(_ARTICLE_ROW, {"id": article_id}) if is_id(article_id) else []
        return _article(found[0]) if found else None

    def story_ids(self, article_ids: Collection[int]) -> dict[int, int]:
        return dict(self._all(_STORY_IDS, {"ids": list(article_ids)}))

    def texts(self, article_ids: Collection[int]) -> dict[int, tuple[str, str]]:
        return {
            i: (title, body) for i, title, body in self._all(_TEXTS, {"ids": list(article_ids)})
        }

    def article_vectors(
        self, after_id: int = 0
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        found = self._all(_VECTORS, {"id": after_id})
        ids = np.array([row.id for row in found], dtype=np.int64)
        if not found:
            return ids, np.zeros((0, 0), dtype=np.float32)
        return ids, np.vstack([row.vector for row in found])

    def entity_ids(self, article_ids: Collection[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {i: set() for i in article_ids}
        for article, entity in self._all(_ENTITY_IDS, {"ids": list(found)}):
            found[article].add(entity)
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
        scope = {"story": story_id, "entity": entity_id}
        scope = {name: value for name, value in scope.items() if value is not None}
        heads_in, forms_in = _named_in(*scope)
        page = {"limit": limit, "offset": offset, "least": min_versions}
        heads = self._all(heads_in, scope | page)
        forms: dict[int, dict[str, list[str]]] = {row.id: {} for row in heads}
        for row in _by_frequency(self._all(forms_in, scope | {"ids": list(forms)})):
            forms[row.entity_id].setdefault(row.lang, []).append(row.form)
        return [Entity.of(i, name, forms[i], articles) for i, name, articles in heads]

    def entity(self, entity_id: int) -> Entity | None:
        found = self.entities(entity_id=entity_id, limit=1)
        return found[0] if found else None

    def count_articles(self) -> int:
        return int(self._scalar(select(func.count()).select_from(a)))

    def version_links(self, version_ids: Collection[int]) -> dict[int, StoredLink]:
        found = self._all(_LINKS, {"ids": list(version_ids)})
        return {row.version: StoredLink(**row._mapping) for row in found}

    def put_version_links(self, found: Collection[StoredLink]) -> None:
        self._replace(links, [_columns(link) for link in found])

    def sentence_vectors(self, article_id: int) -> npt.NDArray[np.float32] | None:
        kept = tables.sentence_vectors
        query = select(kept.c.vectors, kept.c.sentences).where(kept.c.article_id == article_id)
        found = self._all(query)
        return found[0].vectors.reshape(found[0].sentences, -1) if found else None

    def put_sentence_vectors(self, article_id: int, vectors: npt.NDArray[np.float32]) -> None:
        row = {"article_id": article_id, "sentences": len(vectors), "vectors": vectors.ravel()}
        self._replace(tables.sentence_vectors, [row])

    def _replace(self, table: sa.Table, found: list[dict[str, Any]]) -> None:
        """Insert rows, each replacing any stored with its primary key."""
        upsert = self._insert(table)
        key = [column.name for column in table.primary_key]
        fresh = {c.name: upsert.excluded[c.name] for c in table.c if c.name not in key}
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
        return [Feed(*row) for row in self._all(_FEEDS)]

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
        values = _columns(new) | {"created_at": now()}
        with self._writes.begin() as db:
            found = db.execute(sa.insert(subs).values(values).returning(*_SUBS))
            return Subscription(**found.mappings().one())

    def subscriptions(self) -> list[Subscription]:
        found = self._all(select(*_SUBS).order_by(subs.c.id))
        return [Subscription(**row._mapping) for row in found]

    def remove_subscription(self, subscription_id: int) -> bool:
        if not is_id(subscription_id):
            return False
        with self._writes.begin() as db:
            return db.execute(sa.delete(subs).where(subs.c.id == subscription_id)).rowcount > 0

    def matches(self, subscription_id: int, story_id: int | None = None) -> list[Match]:
        query = select(*_named(told)).where(told.c.subscription_id == subscription_id)
        if story_id is not None:
            query = query.where(told.c.story_id == story_id)
        query = query.order_by(sa.desc(told.c.updated), sa.desc(told.c.story_id))
        found = self._all(query) if is_id(subscription_id) and is_id(story_id) else []
        return [
            Match(**{**row._mapping, "languages": tuple(row.languages.split(","))}) for row in found
        ]

    def put_match(self, match: Match) -> None:
        upsert = self._insert(told)
        upsert = upsert.on_conflict_do_update(
            index_elements=[told.c.subscription_id, told.c.story_id],
            set_={"languages": upsert.excluded.languages, "updated": upsert.excluded.updated},
        )
        row = _columns(match) | {"languages": ",".join(match.languages)}
        self._if_subscribed(match.subscription, upsert, row)

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
        found = self._all(query) if is_id(subscription_id) else []
        return [Delivery(**row._mapping) for row in found]

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
            left = db.scalars(select(f.c.story_id).where(f.c.id.in_(list(changed.families))))
            stories |= {*left, *changed.merged.values()}
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
            restate(db, stories)

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


_ARTICLE: tuple[str, ...] = ("url", "source", "title", "body", "lang", "site", "author")
_ARTICLE += ("published_at", "published_from", "published_margin")
_NEW = ("content_hash", "ingested_at", "happened_at", "seen_at", "vector", "copy_of")
"""What ``add`` stores of an ``Article`` and of its ``NewArticle``."""


def _event(row: Any) -> EventDate:
    day, source, confidence = row[-3:]
    return EventDate(day, source, float(confidence))


def _article(row: Any) -> ArticleRow:
    # The row holds the fields in order (_ROWS): mypy cannot count them.
    return ArticleRow(*row[:-3], event=_event(row))  # type: ignore[misc]


def _by_frequency(forms: Sequence[Any]) -> list[Any]:
    """Form rows, the most used first, then by form in code-point order on every database."""
    return sorted(forms, key=lambda row: (-row.uses, row.form))


def _new_id(db: sa.Connection, statement: sa.Executable) -> int:
    # An insert always has a primary key row; SQLAlchemy types it as optional.
    return int(db.execute(statement).inserted_primary_key[0])  # type: ignore[index]


open_store = Store
"""Open the store at a location: a ``postgresql://`` URL, else an SQLite file path."""
