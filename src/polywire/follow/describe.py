"""A story as a feed entry or a webhook tells it: what a subscriber reads without opening it."""

from __future__ import annotations

from dataclasses import dataclass

from polywire.catalogue import Catalogue
from polywire.cluster.span import story_time
from polywire.model import ArticleRow, Subscription


@dataclass(frozen=True)
class StoryNote:
    id: int
    headline: str
    """In the subscriber's chosen language when the story has a version in it, else the first."""
    headline_lang: str
    languages: tuple[str, ...]
    first_source: str
    """The site (else host, else file) of the article seen first."""
    event_day: str | None
    """The day the story's articles say it happened (ISO 8601), if they say."""
    articles: int


def note(store: Catalogue, story_id: int, headline_lang: str | None) -> StoryNote | None:
    """What to tell of a story; None when it is gone."""
    detail = store.story(story_id)
    if detail is None:
        return None
    rows = [row for family in detail.families.values() for row in family]
    if not rows:
        return None
    first = min(rows, key=lambda row: (row.first_seen, row.id))
    shown = next((row for row in rows if row.lang == headline_lang), None) or _oldest(rows)
    return StoryNote(
        id=story_id,
        headline=shown.title,
        headline_lang=shown.lang,
        languages=tuple(sorted({row.lang for row in rows})),
        first_source=first.source_name,
        event_day=story_time(row.event for row in detail.articles).day,
        articles=len(rows),
    )


def _oldest(rows: list[ArticleRow]) -> ArticleRow:
    return min(rows, key=lambda row: row.id)


def subject(subscription: Subscription) -> str:
    """The subscription in words: "“землетрясение” naming Malatya, in az, from apa.az"."""
    parts = []
    if subscription.query:
        parts.append(f"“{subscription.query}”")
    if subscription.entity is not None:
        name = subscription.entity_name or f"entity {subscription.entity}"
        parts.append(f"naming {name}" if parts else name)
    if subscription.lang:
        parts.append(f"in {subscription.lang}")
    if subscription.site:
        parts.append(f"from {subscription.site}")
    return " ".join(parts)
