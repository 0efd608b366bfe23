"""Stored rows as the model's dataclasses, the same for every backend.

Each backend passes its own reading of a stored time: SQLite keeps ISO
strings, PostgreSQL gives ``datetime`` objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from polywire.follow.storage import Delivery, Match, NewSubscription, Subscription
from polywire.model import (
    ArticleRow,
    EventDate,
    Feed,
    KnownName,
    Mention,
    Placement,
    StoredLink,
    StorySummary,
)

Row = Mapping[str, Any]
ReadTime = Callable[[Any], datetime]

PLACE_ENTITY = """EXISTS (SELECT 1 FROM entity_keys pk WHERE pk.entity_id = m.entity_id
    AND pk.key >= 'territory:' AND pk.key < 'territory;')"""
"""SQL: mention ``m`` names a country or continent the gazetteer knows (a ``territory:`` key)."""


def to_story_summary(row: Row, languages: list[str], read_time: ReadTime) -> StorySummary:
    return StorySummary(
        id=int(row["id"]),
        headline=str(row["headline"]),
        languages=sorted(languages),
        articles=int(row["articles"]),
        first_seen=read_time(row["first_seen"]),
        last_seen=read_time(row["last_seen"]),
    )


def to_placement(row: Row) -> Placement:
    """An article's groups, from its ``family_id``, ``story_id`` and ``thread_id``."""
    return Placement(row["family_id"], row["story_id"], row["thread_id"])


def to_mention(row: Row) -> Mention:
    """A stored mention: linked to its entity already, it needs no keys to find it."""
    return Mention(
        row["form"],
        row["count"],
        lookup=(),
        register=(),
        entity=row["entity_id"],
        position=row["position"],
    )


def to_article_row(row: Row, read_time: ReadTime) -> ArticleRow:
    return ArticleRow(
        id=row["id"],
        title=row["title"],
        lang=row["lang"],
        source=row["source"],
        url=row["url"],
        site=row["site"],
        published_at=_maybe(row["published_at"], read_time),
        ingested_at=read_time(row["ingested_at"]),
        family=row["family"],
        story=row["story"],
        thread=row["thread"],
        seen_at=_maybe(row["seen_at"], read_time),
        published_from=row["published_from"],
        published_margin=row["published_margin"],
        event=to_event(row),
    )


def to_event(row: Row) -> EventDate:
    """An article's event date, from its ``event_day``, ``event_source`` and
    ``event_confidence``."""
    return EventDate(row["event_day"], row["event_source"], float(row["event_confidence"]))


def event_values(event: EventDate) -> tuple[str | None, str, float]:
    """The values of the ``event_*`` columns, in that order."""
    return event.day, event.source, event.confidence


def to_feed(row: Row, read_time: ReadTime) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        name=row["name"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_success=_maybe(row["last_success"], read_time),
        last_error=row["last_error"],
        last_error_at=_maybe(row["last_error_at"], read_time),
        items_seen=row["items_seen"],
        mean_delay_seconds=row["delay_seconds_total"] / row["delays"] if row["delays"] else None,
    )


def _maybe(value: Any, read_time: ReadTime) -> datetime | None:
    return read_time(value) if value else None


def to_known_names(
    keys: Iterable[tuple[int, str]], forms: Iterable[tuple[int, str, str, float | None]]
) -> list[KnownName]:
    """From (entity, key) rows and (entity, language, form, position) rows; the form rows
    must come most frequent first, as the first of each entity and language is kept. A
    name's position in a language is the earliest of all its forms' positions there."""
    by_entity: dict[int, tuple[set[str], dict[str, str], dict[str, float]]] = {}
    for entity, key in keys:
        by_entity.setdefault(entity, (set(), {}, {}))[0].add(key)
    for entity, lang, form, position in forms:
        _, entity_forms, positions = by_entity.setdefault(entity, (set(), {}, {}))
        entity_forms.setdefault(lang, form)
        if position is not None:
            positions[lang] = min(position, positions.get(lang, position))
    return [
        KnownName(entity, frozenset(entity_keys), entity_forms, positions)
        for entity, (entity_keys, entity_forms, positions) in sorted(by_entity.items())
    ]


def to_stored_link(row: Row) -> StoredLink:
    beads = json.loads(row["beads"]) if row["beads"] else []
    return StoredLink(
        original=int(row["original_id"]),
        version=int(row["version_id"]),
        kind=str(row["kind"]),
        confidence=row["confidence"],
        source=row["source_id"],
        source_judged=bool(row["source_judged"]),
        beads=tuple((tuple(left), tuple(right)) for left, right in beads),
    )


LINK_COLUMNS = "original_id, version_id, kind, confidence, source_id, source_judged, beads"
"""The ``version_links`` columns ``to_stored_link`` reads and ``link_values`` gives, in order."""


def link_values(
    link: StoredLink,
) -> tuple[int, int, str, float | None, int | None, bool, str | None]:
    """The values of ``LINK_COLUMNS`` for an INSERT, the beads as JSON."""
    beads = json.dumps([[list(left), list(right)] for left, right in link.beads])
    return (
        link.original,
        link.version,
        link.kind,
        link.confidence,
        link.source,
        link.source_judged,
        beads if link.beads else None,
    )


def first_reported(articles: Iterable[ArticleRow]) -> ArticleRow:
    """The article whose headline stands for its story: the first that happened, as the
    story list's query picks it, so that every view names a story alike."""
    return min(articles, key=lambda a: (a.published_at or a.first_seen, a.id))


SUBSCRIPTION_COLUMNS = (
    "query, entity_id, entity_name, lang, site, headline_lang, webhook_url, secret, created_at"
)


def subscription_values(new: NewSubscription) -> tuple[Any, ...]:
    """The values of ``SUBSCRIPTION_COLUMNS`` but the creation time."""
    return (
        new.query,
        new.entity,
        new.entity_name,
        new.lang,
        new.site,
        new.headline_lang,
        new.webhook_url,
        new.secret,
    )


def to_subscription(row: Row, read_time: ReadTime) -> Subscription:
    return Subscription(
        id=int(row["id"]),
        query=row["query"],
        entity=row["entity_id"],
        entity_name=row["entity_name"],
        lang=row["lang"],
        site=row["site"],
        headline_lang=row["headline_lang"],
        webhook_url=row["webhook_url"],
        secret=row["secret"],
        created_at=read_time(row["created_at"]),
    )


def to_match(row: Row, read_time: ReadTime) -> Match:
    return Match(
        subscription=int(row["subscription_id"]),
        story=int(row["story_id"]),
        languages=tuple(row["languages"].split(",")) if row["languages"] else (),
        first_matched=read_time(row["first_matched"]),
        updated=read_time(row["updated"]),
    )


def to_delivery(row: Row, read_time: ReadTime) -> Delivery:
    return Delivery(
        subscription=int(row["subscription_id"]),
        story=int(row["story_id"]),
        event=row["event"],
        attempt=int(row["attempt"]),
        status=row["status"],
        error=row["error"],
        at=read_time(row["at"]),
    )
