"""The embedded default backend: one SQLite file, WAL journal, versioned schema."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from polywire.cluster import Assignment
from polywire.cluster.span import story_time
from polywire.follow.storage import Delivery, Match, NewSubscription, Subscription
from polywire.model import (
    ArticleRow,
    Entity,
    Feed,
    KnownName,
    Mention,
    Placement,
    PollResult,
    StoredLink,
    StoryDetail,
    StorySummary,
)
from polywire.store.base import (
    DuplicateArticle,
    NewArticle,
    Store,
    StoredLead,
    StoreRefused,
    StoreUnusable,
    WindowRow,
    id_vectors,
    is_id,
    query_words,
)
from polywire.store.linking import link, lookup_keys
from polywire.store.rows import (
    LINK_COLUMNS,
    PLACE_ENTITY,
    SUBSCRIPTION_COLUMNS,
    event_values,
    first_reported,
    link_values,
    subscription_values,
    to_article_row,
    to_delivery,
    to_event,
    to_feed,
    to_known_names,
    to_match,
    to_mention,
    to_placement,
    to_stored_link,
    to_story_summary,
    to_subscription,
)
from polywire.store.schema import check_version, migrations
from polywire.timeutil import now, utc


class SQLiteStore(Store):
    def __init__(self, path: str) -> None:
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # A store is used by one thread at a time, but not always the same one: the web
        # server lends it from a pool to whichever worker thread serves a request.
        self._path = path
        self._writer: int | None = None
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL never corrupts the file; it syncs at checkpoints instead of at
            # every commit, so a power cut may lose the last few articles (never an app crash).
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreUnusable(
                f"{path} is not a Polywire store, or it is damaged ({exc}); "
                "restore it from a copy, or give another --db"
            ) from None
        except StoreUnusable:
            self._db.close()
            raise

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        check_version(self.schema_version, migrations("sqlite"))
        for version, script in migrations("sqlite"):
            if version > self.schema_version:
                # executescript commits on its own, so the version bump rides inside the script.
                self._db.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
                )

    def is_known(self, url: str | None, content_hash: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?)",
            (content_hash, url),
        ).fetchone()
        return row is not None

    def add(self, new: NewArticle, assignment: Assignment) -> Placement:
        article = new.article
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            thread = assignment.thread or _insert(db, "INSERT INTO threads DEFAULT VALUES")
            story = assignment.story or _insert(
                db, "INSERT INTO stories (thread_id) VALUES (?)", thread
            )
            family = assignment.family or _insert(
                db, "INSERT INTO families (story_id) VALUES (?)", story
            )
            db.execute(
                """INSERT INTO articles (family_id, url, content_hash, source, title, body, lang,
                       site, author, published_at, ingested_at, happened_at, vector, copy_of,
                       seen_at, published_from, published_margin, event_day,
                       event_source, event_confidence)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    family,
                    article.url,
                    new.content_hash,
                    article.source,
                    article.title,
                    article.body,
                    article.lang,
                    article.site,
                    article.author,
                    _iso(article.published_at),
                    _iso(new.ingested_at),
                    _iso(new.happened_at),
                    np.asarray(new.vector, dtype=np.float32).tobytes(),
                    new.copy_of,
                    _iso(new.seen_at),
                    article.published_from,
                    article.published_margin,
                    *event_values(article.event),
                ),
            )
            article_id = db.execute("SELECT last_insert_rowid()").fetchone()[0]
            self._add_mentions(article_id, new.mentions)
            db.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            db.execute("ROLLBACK")
            if "UNIQUE" in str(exc):
                raise DuplicateArticle(str(exc)) from exc
            raise
        except (sqlite3.DataError, UnicodeEncodeError, OverflowError) as exc:
            db.execute("ROLLBACK")
            raise StoreRefused(f"the database refused it: {exc}") from exc
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return Placement(family=family, story=story, thread=thread)

    def _add_mentions(self, article_id: int, mentions: Sequence[Mention]) -> None:
        if not mentions:
            return
        db = self._db
        # One JSON parameter, however many keys: SQLite limits bound variables per statement.
        owners = dict(
            db.execute(
                """SELECT key, entity_id FROM entity_keys
                   WHERE key IN (SELECT value FROM json_each(?))""",
                (json.dumps(lookup_keys(mentions)),),
            ).fetchall()
        )
        links = link(
            mentions,
            owners,
            lambda form: _insert(db, "INSERT INTO entities (name) VALUES (?)", form),
        )
        db.executemany(
            "INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)", links.keys
        )
        db.executemany(
            """INSERT INTO mentions (article_id, entity_id, form, count, position)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (article_id, entity_id, form) DO UPDATE
               SET count = count + excluded.count, position = coalesce(
                   min(position, excluded.position), position, excluded.position)""",
            [(article_id, *row) for row in links.mentions],
        )

    def move_story(self, story_id: int, thread_id: int) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            (old,) = db.execute(
                "SELECT thread_id FROM stories WHERE id = ?", (story_id,)
            ).fetchone()
            db.execute("UPDATE stories SET thread_id = ? WHERE id = ?", (thread_id, story_id))
            db.execute(
                """DELETE FROM threads WHERE id = ?
                   AND NOT EXISTS (SELECT 1 FROM stories WHERE thread_id = ?)""",
                (old, old),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def stored_lead(self, content_hash: str) -> StoredLead | None:
        row = self._db.execute(
            """SELECT a.id, a.vector, a.lang, a.title, a.body, a.family_id, f.story_id,
                      s.thread_id
               FROM articles a JOIN families f ON f.id = a.family_id
                               JOIN stories s ON s.id = f.story_id
               WHERE a.content_hash = ?""",
            (content_hash,),
        ).fetchone()
        if row is None:
            return None
        return StoredLead(
            id=row["id"],
            vector=np.frombuffer(row["vector"], dtype=np.float32),
            placement=to_placement(row),
            lang=row["lang"],
            title=row["title"],
            body=row["body"],
        )

    def window(self, since: datetime | None) -> Iterator[WindowRow]:
        rows = self._db.execute(
            """SELECT a.vector, a.content_hash, a.lang, a.title, a.body, a.published_at,
                      a.copy_of, a.family_id, f.story_id, s.thread_id, a.event_day,
                      a.event_source, a.event_confidence
               FROM articles a JOIN families f ON f.id = a.family_id
                               JOIN stories s ON s.id = f.story_id
               WHERE a.happened_at >= ? ORDER BY a.happened_at, a.id""",
            (_iso(since) or "",),
        )
        for row in rows:
            yield WindowRow(
                vector=np.frombuffer(row["vector"], dtype=np.float32),
                content_hash=row["content_hash"],
                lang=row["lang"],
                title=row["title"],
                body=row["body"],
                published_at=_time(row["published_at"]) if row["published_at"] else None,
                placement=to_placement(row),
                is_copy=row["copy_of"] is not None,
                event=to_event(row),
            )

    def latest_time(self) -> datetime | None:
        value = self._db.execute("SELECT max(happened_at) FROM articles").fetchone()[0]
        return _time(value) if value else None

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
        where, having, args = "1", ["1"], list[object]()
        if entity is not None:
            where = f"f.story_id IN ({_STORIES_NAMING})"
            args.append(entity)
        for clause, arg in (
            ("sum(a.lang = ?) > 0", lang),
            ("sum(a.site = ?) > 0", site),
            ("max(a.happened_at) >= ?", _iso(since)),
            ("min(a.happened_at) <= ?", _iso(until)),
        ):
            if arg:
                having.append(clause)
                args.append(arg)
        rows = self._db.execute(
            f"""SELECT f.story_id AS id, count(*) AS articles,
                       group_concat(DISTINCT a.lang) AS langs,
                       min(a.happened_at) AS first_seen, max(a.happened_at) AS last_seen,
                       (SELECT a2.title FROM articles a2 JOIN families f2 ON f2.id = a2.family_id
                        WHERE f2.story_id = f.story_id
                        ORDER BY a2.happened_at, a2.id LIMIT 1) AS headline
                FROM articles a JOIN families f ON f.id = a.family_id
                WHERE {where}
                GROUP BY f.story_id
                HAVING {" AND ".join(having)}
                ORDER BY last_seen DESC, id DESC LIMIT ? OFFSET ?""",
            (*args, limit, offset),
        )
        return [to_story_summary(row, row["langs"].split(","), _time) for row in rows]

    def story(self, story_id: int) -> StoryDetail | None:
        if not is_id(story_id):
            return None
        head = self._db.execute(
            """SELECT s.thread_id, count(a.id) AS articles, group_concat(DISTINCT a.lang) AS langs,
                      min(a.happened_at) AS first_seen, max(a.happened_at) AS last_seen
               FROM stories s JOIN families f ON f.story_id = s.id
                              JOIN articles a ON a.family_id = f.id
               WHERE s.id = ?""",
            (story_id,),
        ).fetchone()
        if head is None or head["articles"] == 0:
            return None
        families: dict[int, list[ArticleRow]] = {}
        for row in self._db.execute(
            f"""{_ARTICLE_ROW} WHERE f.story_id = ? ORDER BY a.family_id, a.happened_at, a.id""",
            (story_id,),
        ):
            families.setdefault(row["family"], []).append(to_article_row(row, _time))
        first = first_reported(a for rows in families.values() for a in rows)
        summary = to_story_summary(
            {**dict(head), "id": story_id, "headline": first.title}, head["langs"].split(","), _time
        )
        events = (row.event for rows in families.values() for row in rows)
        return StoryDetail(summary, head["thread_id"], families, story_time(events))

    def texts(self, article_ids: Collection[int]) -> dict[int, tuple[str, str]]:
        ids = list(article_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(f"SELECT id, title, body FROM articles WHERE id IN ({marks})", ids)
        return {row["id"]: (row["title"], row["body"]) for row in rows}

    def story_articles(self, story_ids: Collection[int]) -> dict[int, list[ArticleRow]]:
        ids = list(story_ids)
        found: dict[int, list[ArticleRow]] = {i: [] for i in ids}
        if not ids:
            return found
        marks = ",".join("?" * len(ids))
        for row in self._db.execute(
            f"{_ARTICLE_ROW} WHERE f.story_id IN ({marks}) ORDER BY a.happened_at, a.id", ids
        ):
            found[row["story"]].append(to_article_row(row, _time))
        return found

    def article(self, article_id: int) -> ArticleRow | None:
        if not is_id(article_id):
            return None
        row = self._db.execute(f"{_ARTICLE_ROW} WHERE a.id = ?", (article_id,)).fetchone()
        return to_article_row(row, _time) if row else None

    def article_vectors(
        self, after_id: int = 0
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        rows = self._db.execute(
            "SELECT id, vector FROM articles WHERE id > ? ORDER BY id", (after_id,)
        ).fetchall()
        return id_vectors([(row["id"], row["vector"]) for row in rows])

    def entity_keys(self, story_id: int) -> dict[str, int]:
        rows = self._db.execute(
            """SELECT k.key, count(DISTINCT a.lang) FROM mentions m
               JOIN articles a ON a.id = m.article_id JOIN families f ON f.id = a.family_id
               JOIN entity_keys k ON k.entity_id = m.entity_id
               WHERE f.story_id = ? GROUP BY k.key""",
            (story_id,),
        )
        return dict(rows.fetchall())

    def family_names(self, family_id: int) -> list[KnownName]:
        keys = self._db.execute(
            """SELECT DISTINCT k.entity_id, k.key FROM mentions m
                JOIN articles a ON a.id = m.article_id
                JOIN entity_keys k ON k.entity_id = m.entity_id WHERE a.family_id = ?""",
            (family_id,),
        ).fetchall()
        forms = self._db.execute(
            """SELECT m.entity_id, a.lang, m.form, min(m.position) AS position FROM mentions m
                JOIN articles a ON a.id = m.article_id WHERE a.family_id = ?
                GROUP BY m.entity_id, a.lang, m.form ORDER BY sum(m.count) DESC, m.form""",
            (family_id,),
        ).fetchall()
        return to_known_names(
            [(row["entity_id"], row["key"]) for row in keys],
            [(row["entity_id"], row["lang"], row["form"], row["position"]) for row in forms],
        )

    def mentions(self, article_id: int) -> list[Mention]:
        rows = self._db.execute(
            """SELECT entity_id, form, count, position FROM mentions
               WHERE article_id = ? ORDER BY entity_id, form""",
            (article_id,),
        )
        return [to_mention(row) for row in rows]

    def entity_ids(self, article_ids: Collection[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {i: set() for i in article_ids}
        if not found:
            return found
        marks = ",".join("?" * len(found))
        for article, entity in self._db.execute(
            f"SELECT article_id, entity_id FROM mentions WHERE article_id IN ({marks})",
            list(found),
        ):
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
        clauses = {"f.story_id = ?": story_id, "m.entity_id = ?": entity_id}
        scope = " AND ".join(["1", *(c for c, value in clauses.items() if value is not None)])
        scope_args = tuple(value for value in clauses.values() if value is not None)
        heads = self._db.execute(
            f"""SELECT m.entity_id AS id, e.name, count(DISTINCT m.article_id) AS articles
                FROM mentions m JOIN entities e ON e.id = m.entity_id
                JOIN articles a ON a.id = m.article_id JOIN families f ON f.id = a.family_id
                WHERE {scope} GROUP BY m.entity_id
                HAVING count(DISTINCT m.article_id) >= ? OR {PLACE_ENTITY}
                ORDER BY count(DISTINCT a.lang) DESC, articles DESC, m.entity_id
                LIMIT ? OFFSET ?""",
            (*scope_args, min_versions, limit, offset),
        ).fetchall()
        if not heads:
            return []
        marks = ",".join("?" * len(heads))
        forms: dict[int, dict[str, list[str]]] = {row["id"]: {} for row in heads}
        for row in self._db.execute(
            f"""SELECT m.entity_id, a.lang, m.form FROM mentions m
                JOIN articles a ON a.id = m.article_id JOIN families f ON f.id = a.family_id
                WHERE m.entity_id IN ({marks}) AND {scope}
                GROUP BY m.entity_id, a.lang, m.form ORDER BY sum(m.count) DESC, m.form""",
            (*forms, *scope_args),
        ):
            forms[row[0]].setdefault(row[1], []).append(row[2])
        return [
            Entity.of(row["id"], row["name"], forms[row["id"]], row["articles"]) for row in heads
        ]

    def search_text(self, query: str, limit: int) -> list[int]:
        words = query_words(query)
        if not words:
            return []
        match = " OR ".join(f'"{word}"' for word in words)
        rows = self._db.execute(
            """SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?
               ORDER BY bm25(articles_fts) LIMIT ?""",
            (match, limit),
        )
        return [row[0] for row in rows]

    def sentence_vectors(self, article_id: int) -> npt.NDArray[np.float32] | None:
        row = self._db.execute(
            "SELECT sentences, vectors FROM sentence_vectors WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        return np.frombuffer(row["vectors"], dtype=np.float32).reshape(row["sentences"], -1)

    def put_sentence_vectors(self, article_id: int, vectors: npt.NDArray[np.float32]) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO sentence_vectors (article_id, sentences, vectors) "
                "VALUES (?, ?, ?)",
                (article_id, len(vectors), np.asarray(vectors, dtype=np.float32).tobytes()),
            )

    def version_links(self, version_ids: Collection[int]) -> dict[int, StoredLink]:
        ids = list(version_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(
            f"""SELECT {LINK_COLUMNS} FROM version_links WHERE version_id IN ({marks})""",
            ids,
        )
        return {row["version_id"]: to_stored_link(row) for row in rows}

    def put_version_links(self, links: Collection[StoredLink]) -> None:
        with self._db:
            self._db.executemany(
                f"""INSERT INTO version_links ({LINK_COLUMNS})
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (version_id) DO UPDATE SET original_id = excluded.original_id,
                        kind = excluded.kind, confidence = excluded.confidence,
                        source_id = excluded.source_id, source_judged = excluded.source_judged,
                        beads = excluded.beads""",
                [link_values(link) for link in links],
            )

    def site_line_pages(self, site: str, line_hashes: Collection[str]) -> dict[str, int]:
        hashes = list(line_hashes)
        if not hashes:
            return {}
        marks = ",".join("?" * len(hashes))
        rows = self._db.execute(
            f"SELECT line_hash, pages FROM site_lines WHERE site = ? AND line_hash IN ({marks})",
            (site, *hashes),
        )
        return {row["line_hash"]: row["pages"] for row in rows}

    def add_site_lines(self, site: str, line_hashes: Collection[str]) -> None:
        with self._db:
            self._db.executemany(
                """INSERT INTO site_lines (site, line_hash, pages) VALUES (?, ?, 1)
                   ON CONFLICT (site, line_hash) DO UPDATE SET pages = pages + 1""",
                [(site, line_hash) for line_hash in set(line_hashes)],
            )

    def article_for_url(self, url: str) -> int | None:
        row = self._db.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
        return int(row["id"]) if row else None

    def add_revision(
        self, article_id: int, content_hash: str, title: str, body: str, seen_at: datetime
    ) -> bool:
        with self._db:
            cursor = self._db.execute(
                """INSERT INTO revisions (article_id, content_hash, title, body, seen_at)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                (article_id, content_hash, title, body, _iso(seen_at)),
            )
        return cursor.rowcount > 0

    def add_feed(self, url: str, name: str | None) -> Feed:
        with self._db:
            self._db.execute(
                "INSERT INTO feeds (url, name) VALUES (?, ?) ON CONFLICT DO NOTHING", (url, name)
            )
        return next(feed for feed in self.feeds() if feed.url == url)

    def remove_feed(self, url: str) -> bool:
        with self._db:
            return self._db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def feeds(self) -> list[Feed]:
        return [to_feed(row, _time) for row in self._db.execute("SELECT * FROM feeds ORDER BY id")]

    def record_poll(self, feed_id: int, result: PollResult, at: datetime) -> None:
        with self._db:
            if result.error is not None:
                self._db.execute(
                    "UPDATE feeds SET last_error = ?, last_error_at = ? WHERE id = ?",
                    (result.error, _iso(at), feed_id),
                )
                return
            self._db.execute(
                """UPDATE feeds SET etag = coalesce(?, etag),
                       last_modified = coalesce(?, last_modified), last_success = ?,
                       items_seen = items_seen + ?, delay_seconds_total = delay_seconds_total + ?,
                       delays = delays + ?
                   WHERE id = ?""",
                (
                    result.etag,
                    result.last_modified,
                    _iso(at),
                    result.new_items,
                    sum(result.delays),
                    len(result.delays),
                    feed_id,
                ),
            )

    def is_seen(self, url: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM seen_urls WHERE url = ?", (url,)).fetchone() is not None
        )

    def mark_seen(self, url: str, at: datetime) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO seen_urls (url, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (url, _iso(at)),
            )

    def add_subscription(self, new: NewSubscription) -> Subscription:
        with self._db:
            row = self._db.execute(
                f"""INSERT INTO subscriptions ({SUBSCRIPTION_COLUMNS})
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *""",
                (*subscription_values(new), _iso(now())),
            ).fetchone()
        return to_subscription(row, _time)

    def subscriptions(self) -> list[Subscription]:
        rows = self._db.execute("SELECT * FROM subscriptions ORDER BY id")
        return [to_subscription(row, _time) for row in rows]

    def remove_subscription(self, subscription_id: int) -> bool:
        if not is_id(subscription_id):
            return False
        with self._db:
            cursor = self._db.execute("DELETE FROM subscriptions WHERE id = ?", (subscription_id,))
        return cursor.rowcount > 0

    def matches(self, subscription_id: int, story_id: int | None = None) -> list[Match]:
        if not (is_id(subscription_id) and is_id(story_id)):
            return []
        rows = self._db.execute(
            """SELECT * FROM subscription_matches
               WHERE subscription_id = ? AND (? IS NULL OR story_id = ?)
               ORDER BY updated DESC, story_id DESC""",
            (subscription_id, story_id, story_id),
        )
        return [to_match(row, _time) for row in rows]

    def put_match(self, match: Match) -> None:
        with self._db:
            self._db.execute(
                """INSERT INTO subscription_matches
                       (subscription_id, story_id, languages, first_matched, updated)
                   SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = ?)
                   ON CONFLICT (subscription_id, story_id) DO UPDATE
                   SET languages = excluded.languages, updated = excluded.updated""",
                (
                    match.subscription,
                    match.story,
                    ",".join(match.languages),
                    _iso(match.first_matched),
                    _iso(match.updated),
                    match.subscription,
                ),
            )

    def log_delivery(self, delivery: Delivery) -> None:
        d = delivery
        with self._db:
            self._db.execute(
                """INSERT INTO deliveries
                       (subscription_id, story_id, event, attempt, status, error, at)
                   SELECT ?, ?, ?, ?, ?, ?, ?
                   WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = ?)""",
                (
                    *(d.subscription, d.story, d.event, d.attempt, d.status, d.error, _iso(d.at)),
                    d.subscription,
                ),
            )

    def deliveries(self, subscription_id: int, limit: int = 50) -> list[Delivery]:
        if not is_id(subscription_id):
            return []
        rows = self._db.execute(
            "SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT ?",
            (subscription_id, limit),
        )
        return [to_delivery(row, _time) for row in rows]

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def claim_writer(self, wait: bool) -> bool:
        # A file of its own: closing any descriptor of the database file itself would drop
        # the POSIX locks SQLite holds on it.
        if self._writer is None:
            self._writer = os.open(f"{self._path}-writer", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._writer, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True

    def close(self) -> None:
        self._db.close()
        if self._writer is not None:
            os.close(self._writer)  # releases the lock
            self._writer = None


_ARTICLE_ROW = """SELECT a.id, a.title, a.lang, a.source, a.url, a.site, a.published_at,
                         a.ingested_at, a.family_id AS family, f.story_id AS story,
                         s.thread_id AS thread, a.seen_at, a.published_from,
                         a.published_margin, a.event_day, a.event_source,
                         a.event_confidence
                  FROM articles a JOIN families f ON f.id = a.family_id
                                  JOIN stories s ON s.id = f.story_id"""


_STORIES_NAMING = """SELECT f2.story_id FROM mentions m2
                      JOIN articles a2 ON a2.id = m2.article_id
                      JOIN families f2 ON f2.id = a2.family_id
                      WHERE m2.entity_id = ?"""


def _insert(db: sqlite3.Connection, sql: str, *args: object) -> int:
    rowid = db.execute(sql, args).lastrowid
    assert rowid is not None
    return rowid


def _iso(moment: datetime | None) -> str | None:
    # Fixed-width UTC strings sort in time order, so SQL can compare them as text.
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if moment else None


def _time(value: str) -> datetime:
    return utc(datetime.fromisoformat(value))
