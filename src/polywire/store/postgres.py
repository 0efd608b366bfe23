"""The server backend: PostgreSQL through psycopg 3, for teams that outgrow one file.

Same semantics as the SQLite backend: one transaction per article, a versioned
schema, vectors as float32 bytes. Times are ``timestamptz``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import psycopg
from psycopg.rows import dict_row

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

# Any constants work: they only have to be the same for every Polywire process.
_MIGRATION_LOCK = 0x706F6C79
_WRITER_LOCK = 0x706F6C77


class PostgresStore(Store):
    def __init__(self, url: str) -> None:
        try:
            self._db: psycopg.Connection[dict[str, Any]] = psycopg.connect(
                url, autocommit=True, row_factory=dict_row
            )
        except psycopg.OperationalError as exc:
            raise StoreUnusable(f"cannot connect to the PostgreSQL store: {exc}") from None
        try:
            self._migrate()
        except StoreUnusable:
            self._db.close()
            raise

    @property
    def schema_version(self) -> int:
        row = self._db.execute("SELECT max(version) AS v FROM polywire_schema").fetchone()
        return int(row["v"] or 0) if row else 0

    def _migrate(self) -> None:
        with self._db.transaction():
            # Two processes starting at once must not both apply a migration.
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            self._db.execute("CREATE TABLE IF NOT EXISTS polywire_schema (version INTEGER)")
            current = self.schema_version
            check_version(current, migrations("postgres"))
            for version, script in migrations("postgres"):
                if version > current:
                    self._db.execute(script.encode("utf-8"))
                    self._db.execute("INSERT INTO polywire_schema VALUES (%s)", (version,))

    def is_known(self, url: str | None, content_hash: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM articles WHERE content_hash = %s OR url = %s LIMIT 1",
            (content_hash, url),
        ).fetchone()
        return row is not None

    def add(self, new: NewArticle, assignment: Assignment) -> Placement:
        article = new.article
        try:
            with self._db.transaction():
                thread = assignment.thread or self._insert(
                    "INSERT INTO threads DEFAULT VALUES RETURNING id"
                )
                story = assignment.story or self._insert(
                    "INSERT INTO stories (thread_id) VALUES (%s) RETURNING id", thread
                )
                family = assignment.family or self._insert(
                    "INSERT INTO families (story_id) VALUES (%s) RETURNING id", story
                )
                article_id = self._insert(
                    """INSERT INTO articles (family_id, url, content_hash, source, title, body,
                           lang, site, author, published_at, ingested_at, happened_at, vector,
                           copy_of, seen_at, published_from, published_margin, event_day,
                           event_source, event_confidence)
                       VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                               %s, %s, %s, %s)
                       RETURNING id""",
                    family,
                    article.url,
                    new.content_hash,
                    article.source,
                    article.title,
                    article.body,
                    article.lang,
                    article.site,
                    article.author,
                    article.published_at,
                    new.ingested_at,
                    new.happened_at,
                    np.asarray(new.vector, dtype="<f4").tobytes(),
                    new.copy_of,
                    new.seen_at,
                    article.published_from,
                    article.published_margin,
                    *event_values(article.event),
                )
                self._add_mentions(article_id, new.mentions)
        except psycopg.errors.UniqueViolation as exc:
            raise DuplicateArticle(str(exc)) from exc
        except (psycopg.DataError, UnicodeEncodeError) as exc:
            raise StoreRefused(f"the database refused it: {exc}") from exc
        return Placement(family=family, story=story, thread=thread)

    def _insert(self, sql: str, *args: object) -> int:
        row = self._db.execute(sql, args).fetchone()
        assert row is not None
        return int(row["id"])

    def _add_mentions(self, article_id: int, mentions: Sequence[Mention]) -> None:
        if not mentions:
            return
        owners = {
            row["key"]: row["entity_id"]
            for row in self._db.execute(
                "SELECT key, entity_id FROM entity_keys WHERE key = ANY(%s)",
                (lookup_keys(mentions),),
            )
        }
        links = link(
            mentions,
            owners,
            lambda form: self._insert("INSERT INTO entities (name) VALUES (%s) RETURNING id", form),
        )
        with self._db.cursor() as cursor:
            cursor.executemany(
                """INSERT INTO entity_keys (key, entity_id) VALUES (%s, %s)
                   ON CONFLICT (key) DO NOTHING""",
                links.keys,
            )
            cursor.executemany(
                """INSERT INTO mentions (article_id, entity_id, form, count, position)
                   VALUES (%s, %s, %s, %s, %s)
                   ON CONFLICT (article_id, entity_id, form) DO UPDATE
                   SET count = mentions.count + excluded.count,
                       position = least(mentions.position, excluded.position)""",
                [(article_id, *row) for row in links.mentions],
            )

    def move_story(self, story_id: int, thread_id: int) -> None:
        with self._db.transaction():
            # The old thread is read and the story moved in one statement.
            self._db.execute(
                """WITH old AS (SELECT thread_id FROM stories WHERE id = %(story)s),
                        moved AS (UPDATE stories SET thread_id = %(thread)s WHERE id = %(story)s)
                   DELETE FROM threads WHERE id = (SELECT thread_id FROM old)
                   AND NOT EXISTS (
                       SELECT 1 FROM stories WHERE thread_id = (SELECT thread_id FROM old)
                       AND id <> %(story)s)""",
                {"story": story_id, "thread": thread_id},
            )

    def stored_lead(self, content_hash: str) -> StoredLead | None:
        row = self._db.execute(
            """SELECT a.id, a.vector, a.lang, a.title, a.body, a.family_id, f.story_id,
                      s.thread_id
               FROM articles a JOIN families f ON f.id = a.family_id
                               JOIN stories s ON s.id = f.story_id
               WHERE a.content_hash = %s""",
            (content_hash,),
        ).fetchone()
        if row is None:
            return None
        return StoredLead(
            id=row["id"],
            vector=np.frombuffer(row["vector"], dtype="<f4").astype(np.float32),
            placement=to_placement(row),
            lang=row["lang"],
            title=row["title"],
            body=row["body"],
        )

    def window(self, since: datetime | None) -> Iterator[WindowRow]:
        # A server-side cursor: a backfill's window can be far larger than memory should hold.
        with self._db.transaction(), self._db.cursor(name="window") as rows:
            rows.execute(
                """SELECT a.vector, a.content_hash, a.lang, a.title, a.body, a.published_at,
                          a.copy_of, a.family_id, f.story_id, s.thread_id, a.event_day,
                          a.event_source, a.event_confidence
                   FROM articles a JOIN families f ON f.id = a.family_id
                                   JOIN stories s ON s.id = f.story_id
                   WHERE %(since)s::timestamptz IS NULL OR a.happened_at >= %(since)s
                   ORDER BY a.happened_at, a.id""",
                {"since": since},
            )
            for row in rows:
                yield WindowRow(
                    vector=np.frombuffer(row["vector"], dtype="<f4").astype(np.float32),
                    content_hash=row["content_hash"],
                    lang=row["lang"],
                    title=row["title"],
                    body=row["body"],
                    published_at=_utc(row["published_at"]),
                    placement=to_placement(row),
                    is_copy=row["copy_of"] is not None,
                    event=to_event(row),
                )

    def latest_time(self) -> datetime | None:
        row = self._db.execute("SELECT max(happened_at) AS latest FROM articles").fetchone()
        return _utc(row["latest"]) if row else None

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
        rows = self._db.execute(
            """SELECT f.story_id AS id, count(*) AS articles,
                      array_agg(DISTINCT a.lang) AS langs,
                      min(a.happened_at) AS first_seen, max(a.happened_at) AS last_seen,
                      (SELECT a2.title FROM articles a2 JOIN families f2 ON f2.id = a2.family_id
                       WHERE f2.story_id = f.story_id
                       ORDER BY a2.happened_at, a2.id LIMIT 1) AS headline
               FROM articles a JOIN families f ON f.id = a.family_id
               WHERE %(entity)s::bigint IS NULL OR f.story_id IN (
                   SELECT f2.story_id FROM mentions m2
                   JOIN articles a2 ON a2.id = m2.article_id
                   JOIN families f2 ON f2.id = a2.family_id
                   WHERE m2.entity_id = %(entity)s)
               GROUP BY f.story_id
               HAVING (%(lang)s::text IS NULL OR bool_or(a.lang = %(lang)s))
                  AND (%(site)s::text IS NULL OR bool_or(a.site = %(site)s))
                  AND (%(since)s::timestamptz IS NULL OR max(a.happened_at) >= %(since)s)
                  AND (%(until)s::timestamptz IS NULL OR min(a.happened_at) <= %(until)s)
               ORDER BY last_seen DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s""",
            {
                "lang": lang,
                "site": site,
                "entity": entity,
                "since": since,
                "until": until,
                "limit": limit,
                "offset": offset,
            },
        )
        return [to_story_summary(row, row["langs"], utc) for row in rows]

    def story(self, story_id: int) -> StoryDetail | None:
        if not is_id(story_id):
            return None
        head = self._db.execute(
            """SELECT s.thread_id, count(a.id) AS articles, array_agg(DISTINCT a.lang) AS langs,
                      min(a.happened_at) AS first_seen, max(a.happened_at) AS last_seen
               FROM stories s JOIN families f ON f.story_id = s.id
                              JOIN articles a ON a.family_id = f.id
               WHERE s.id = %s GROUP BY s.thread_id""",
            (story_id,),
        ).fetchone()
        if head is None:
            return None
        families: dict[int, list[ArticleRow]] = {}
        for row in self._db.execute(
            f"{_ARTICLE_ROW} WHERE f.story_id = %s ORDER BY a.family_id, a.happened_at, a.id",
            (story_id,),
        ):
            families.setdefault(row["family"], []).append(to_article_row(row, utc))
        first = first_reported(a for rows in families.values() for a in rows)
        summary = to_story_summary(
            {**head, "id": story_id, "headline": first.title}, head["langs"], utc
        )
        events = (row.event for rows in families.values() for row in rows)
        return StoryDetail(summary, head["thread_id"], families, story_time(events))

    def texts(self, article_ids: Collection[int]) -> dict[int, tuple[str, str]]:
        rows = self._db.execute(
            "SELECT id, title, body FROM articles WHERE id = ANY(%s)", (list(article_ids),)
        )
        return {row["id"]: (row["title"], row["body"]) for row in rows}

    def story_articles(self, story_ids: Collection[int]) -> dict[int, list[ArticleRow]]:
        found: dict[int, list[ArticleRow]] = {i: [] for i in story_ids}
        for row in self._db.execute(
            f"{_ARTICLE_ROW} WHERE f.story_id = ANY(%s) ORDER BY a.happened_at, a.id",
            (list(found),),
        ):
            found[row["story"]].append(to_article_row(row, utc))
        return found

    def article(self, article_id: int) -> ArticleRow | None:
        if not is_id(article_id):
            return None
        row = self._db.execute(f"{_ARTICLE_ROW} WHERE a.id = %s", (article_id,)).fetchone()
        return to_article_row(row, utc) if row else None

    def article_vectors(
        self, after_id: int = 0
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        rows = self._db.execute(
            "SELECT id, vector FROM articles WHERE id > %s ORDER BY id", (after_id,)
        )
        return id_vectors([(row["id"], row["vector"]) for row in rows])

    def entity_keys(self, story_id: int) -> dict[str, int]:
        rows = self._db.execute(
            """SELECT k.key, count(DISTINCT a.lang) AS languages FROM mentions m
               JOIN articles a ON a.id = m.article_id JOIN families f ON f.id = a.family_id
               JOIN entity_keys k ON k.entity_id = m.entity_id
               WHERE f.story_id = %s GROUP BY k.key""",
            (story_id,),
        )
        return {row["key"]: row["languages"] for row in rows}

    def family_names(self, family_id: int) -> list[KnownName]:
        keys = self._db.execute(
            """SELECT DISTINCT k.entity_id, k.key FROM mentions m
                JOIN articles a ON a.id = m.article_id
                JOIN entity_keys k ON k.entity_id = m.entity_id WHERE a.family_id = %s""",
            (family_id,),
        ).fetchall()
        forms = self._db.execute(
            """SELECT m.entity_id, a.lang, m.form, min(m.position) AS position FROM mentions m
                JOIN articles a ON a.id = m.article_id WHERE a.family_id = %s
                GROUP BY m.entity_id, a.lang, m.form
                ORDER BY sum(m.count) DESC, m.form COLLATE "C" """,
            (family_id,),
        ).fetchall()
        return to_known_names(
            [(row["entity_id"], row["key"]) for row in keys],
            [(row["entity_id"], row["lang"], row["form"], row["position"]) for row in forms],
        )

    def mentions(self, article_id: int) -> list[Mention]:
        rows = self._db.execute(
            """SELECT entity_id, form, count, position FROM mentions
               WHERE article_id = %s ORDER BY entity_id, form""",
            (article_id,),
        )
        return [to_mention(row) for row in rows]

    def entity_ids(self, article_ids: Collection[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {i: set() for i in article_ids}
        for row in self._db.execute(
            "SELECT article_id, entity_id FROM mentions WHERE article_id = ANY(%s)", (list(found),)
        ):
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
        scope = {
            "story": story_id,
            "entity": entity_id,
            "limit": limit,
            "offset": offset,
            "versions": min_versions,
        }
        in_scope = """(%(story)s::bigint IS NULL OR f.story_id = %(story)s)
                      AND (%(entity)s::bigint IS NULL OR m.entity_id = %(entity)s)"""
        heads = self._db.execute(
            f"""SELECT m.entity_id AS id, e.name, count(DISTINCT m.article_id) AS articles
                FROM mentions m JOIN entities e ON e.id = m.entity_id
                JOIN articles a ON a.id = m.article_id JOIN families f ON f.id = a.family_id
                WHERE {in_scope} GROUP BY m.entity_id, e.name
                HAVING count(DISTINCT m.article_id) >= %(versions)s OR {PLACE_ENTITY}
                ORDER BY count(DISTINCT a.lang) DESC, articles DESC, m.entity_id
                LIMIT %(limit)s OFFSET %(offset)s""",
            scope,
        ).fetchall()
        forms: dict[int, dict[str, list[str]]] = {row["id"]: {} for row in heads}
        for row in self._db.execute(
            f"""SELECT m.entity_id, a.lang, m.form FROM mentions m
                JOIN articles a ON a.id = m.article_id JOIN families f ON f.id = a.family_id
                WHERE m.entity_id = ANY(%(ids)s) AND {in_scope}
                GROUP BY m.entity_id, a.lang, m.form ORDER BY sum(m.count) DESC, m.form""",
            {**scope, "ids": list(forms)},
        ):
            forms[row["entity_id"]].setdefault(row["lang"], []).append(row["form"])
        return [
            Entity.of(row["id"], row["name"], forms[row["id"]], row["articles"]) for row in heads
        ]

    def search_text(self, query: str, limit: int) -> list[int]:
        words = query_words(query)
        if not words:
            return []
        rows = self._db.execute(
            """SELECT id FROM articles, to_tsquery('simple', %(query)s) AS q
               WHERE to_tsvector('simple', title || ' ' || body) @@ q
               ORDER BY ts_rank(to_tsvector('simple', title || ' ' || body), q) DESC, id
               LIMIT %(limit)s""",
            # Quoted lexemes: the words reach to_tsquery as terms, never as its operators.
            {"query": " | ".join(f"'{word}'" for word in words), "limit": limit},
        )
        return [row["id"] for row in rows]

    def sentence_vectors(self, article_id: int) -> npt.NDArray[np.float32] | None:
        row = self._db.execute(
            "SELECT sentences, vectors FROM sentence_vectors WHERE article_id = %s", (article_id,)
        ).fetchone()
        if row is None:
            return None
        vectors = np.frombuffer(row["vectors"], dtype="<f4").astype(np.float32)
        return vectors.reshape(row["sentences"], -1)

    def put_sentence_vectors(self, article_id: int, vectors: npt.NDArray[np.float32]) -> None:
        self._db.execute(
            """INSERT INTO sentence_vectors (article_id, sentences, vectors) VALUES (%s, %s, %s)
               ON CONFLICT (article_id) DO UPDATE
               SET sentences = excluded.sentences, vectors = excluded.vectors""",
            (article_id, len(vectors), np.asarray(vectors, dtype="<f4").tobytes()),
        )

    def version_links(self, version_ids: Collection[int]) -> dict[int, StoredLink]:
        rows = self._db.execute(
            f"""SELECT {LINK_COLUMNS} FROM version_links WHERE version_id = ANY(%s)""",
            (list(version_ids),),
        )
        return {row["version_id"]: to_stored_link(row) for row in rows}

    def put_version_links(self, links: Collection[StoredLink]) -> None:
        with self._db.transaction(), self._db.cursor() as cursor:
            cursor.executemany(
                f"""INSERT INTO version_links ({LINK_COLUMNS})
                    VALUES (%s, %s, %s, %s, %s, %s, %s)
                    ON CONFLICT (version_id) DO UPDATE SET original_id = excluded.original_id,
                        kind = excluded.kind, confidence = excluded.confidence,
                        source_id = excluded.source_id, source_judged = excluded.source_judged,
                        beads = excluded.beads""",
                [link_values(link) for link in links],
            )

    def site_line_pages(self, site: str, line_hashes: Collection[str]) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT line_hash, pages FROM site_lines WHERE site = %s AND line_hash = ANY(%s)",
            (site, list(line_hashes)),
        )
        return {row["line_hash"]: row["pages"] for row in rows}

    def add_site_lines(self, site: str, line_hashes: Collection[str]) -> None:
        with self._db.transaction(), self._db.cursor() as cursor:
            cursor.executemany(
                """INSERT INTO site_lines (site, line_hash, pages) VALUES (%s, %s, 1)
                   ON CONFLICT (site, line_hash) DO UPDATE SET pages = site_lines.pages + 1""",
                [(site, line_hash) for line_hash in sorted(set(line_hashes))],
            )

    def article_for_url(self, url: str) -> int | None:
        row = self._db.execute("SELECT id FROM articles WHERE url = %s", (url,)).fetchone()
        return int(row["id"]) if row else None

    def add_revision(
        self, article_id: int, content_hash: str, title: str, body: str, seen_at: datetime
    ) -> bool:
        cursor = self._db.execute(
            """INSERT INTO revisions (article_id, content_hash, title, body, seen_at)
               VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING""",
            (article_id, content_hash, title, body, seen_at),
        )
        return cursor.rowcount > 0

    def add_feed(self, url: str, name: str | None) -> Feed:
        self._db.execute(
            "INSERT INTO feeds (url, name) VALUES (%s, %s) ON CONFLICT DO NOTHING", (url, name)
        )
        return next(feed for feed in self.feeds() if feed.url == url)

    def remove_feed(self, url: str) -> bool:
        return self._db.execute("DELETE FROM feeds WHERE url = %s", (url,)).rowcount > 0

    def feeds(self) -> list[Feed]:
        return [to_feed(row, utc) for row in self._db.execute("SELECT * FROM feeds ORDER BY id")]

    def record_poll(self, feed_id: int, result: PollResult, at: datetime) -> None:
        if result.error is not None:
            self._db.execute(
                "UPDATE feeds SET last_error = %s, last_error_at = %s WHERE id = %s",
                (result.error, at, feed_id),
            )
            return
        self._db.execute(
            """UPDATE feeds SET etag = coalesce(%s, etag),
                   last_modified = coalesce(%s, last_modified), last_success = %s,
                   items_seen = items_seen + %s, delay_seconds_total = delay_seconds_total + %s,
                   delays = delays + %s
               WHERE id = %s""",
            (
                result.etag,
                result.last_modified,
                at,
                result.new_items,
                sum(result.delays),
                len(result.delays),
                feed_id,
            ),
        )

    def is_seen(self, url: str) -> bool:
        row = self._db.execute("SELECT 1 FROM seen_urls WHERE url = %s", (url,)).fetchone()
        return row is not None

    def mark_seen(self, url: str, at: datetime) -> None:
        self._db.execute(
            "INSERT INTO seen_urls (url, seen_at) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (url, at),
        )

    def add_subscription(self, new: NewSubscription) -> Subscription:
        row = self._db.execute(
            f"""INSERT INTO subscriptions ({SUBSCRIPTION_COLUMNS})
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING *""",
            (*subscription_values(new), now()),
        ).fetchone()
        assert row is not None
        return to_subscription(row, utc)

    def subscriptions(self) -> list[Subscription]:
        rows = self._db.execute("SELECT * FROM subscriptions ORDER BY id")
        return [to_subscription(row, utc) for row in rows]

    def remove_subscription(self, subscription_id: int) -> bool:
        if not is_id(subscription_id):
            return False
        cursor = self._db.execute("DELETE FROM subscriptions WHERE id = %s", (subscription_id,))
        return cursor.rowcount > 0

    def matches(self, subscription_id: int, story_id: int | None = None) -> list[Match]:
        if not (is_id(subscription_id) and is_id(story_id)):
            return []
        rows = self._db.execute(
            """SELECT * FROM subscription_matches
               WHERE subscription_id = %s AND (%s::bigint IS NULL OR story_id = %s)
               ORDER BY updated DESC, story_id DESC""",
            (subscription_id, story_id, story_id),
        )
        return [to_match(row, utc) for row in rows]

    def put_match(self, match: Match) -> None:
        self._db.execute(
            """INSERT INTO subscription_matches
                   (subscription_id, story_id, languages, first_matched, updated)
               SELECT %s::bigint, %s::bigint, %s::text, %s::timestamptz, %s::timestamptz
               WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = %s)
               ON CONFLICT (subscription_id, story_id) DO UPDATE
               SET languages = excluded.languages, updated = excluded.updated""",
            (
                match.subscription,
                match.story,
                ",".join(match.languages),
                match.first_matched,
                match.updated,
                match.subscription,
            ),
        )

    def log_delivery(self, delivery: Delivery) -> None:
        d = delivery
        self._db.execute(
            """INSERT INTO deliveries
                   (subscription_id, story_id, event, attempt, status, error, at)
               SELECT %s::bigint, %s::bigint, %s::text, %s::integer, %s::integer, %s::text,
                      %s::timestamptz
               WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = %s)""",
            (d.subscription, d.story, d.event, d.attempt, d.status, d.error, d.at, d.subscription),
        )

    def deliveries(self, subscription_id: int, limit: int = 50) -> list[Delivery]:
        if not is_id(subscription_id):
            return []
        rows = self._db.execute(
            "SELECT * FROM deliveries WHERE subscription_id = %s ORDER BY id DESC LIMIT %s",
            (subscription_id, limit),
        )
        return [to_delivery(row, utc) for row in rows]

    def count_articles(self) -> int:
        row = self._db.execute("SELECT count(*) AS n FROM articles").fetchone()
        return int(row["n"]) if row else 0

    def claim_writer(self, wait: bool) -> bool:
        # A session lock, per database: it holds until this connection closes, even if the
        # process dies.
        if wait:
            self._db.execute("SELECT pg_advisory_lock(%s)", (_WRITER_LOCK,))
            return True
        row = self._db.execute("SELECT pg_try_advisory_lock(%s) AS ok", (_WRITER_LOCK,)).fetchone()
        return bool(row and row["ok"])

    def close(self) -> None:
        self._db.close()


_ARTICLE_ROW = """SELECT a.id, a.title, a.lang, a.source, a.url, a.site, a.published_at,
                         a.ingested_at, a.family_id AS family, f.story_id AS story,
                         s.thread_id AS thread, a.seen_at, a.published_from,
                         a.published_margin, a.event_day, a.event_source,
                         a.event_confidence
                  FROM articles a JOIN families f ON f.id = a.family_id
                                  JOIN stories s ON s.id = f.story_id"""


def _utc(moment: datetime | None) -> datetime | None:
    return utc(moment) if moment else None
