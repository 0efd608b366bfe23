"""The data that flows between stages: Document → Article → (family, story, thread)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import PurePath
from typing import Literal
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from polywire.timeutil import shown


@dataclass(frozen=True)
class Document:
    """Raw input as it arrived: bytes plus what the source told us about them."""

    source: str
    """Where it came from: a file path, ``file.jsonl:LINE`` or a URL."""
    content: bytes
    content_type: str
    """``text/html`` or ``text/plain``."""
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    published_from: str | None = None
    """What gave ``published_at``: ``feed``, ``record`` (a JSONL line or an API request)."""
    lang: str | None = None
    fetched_at: datetime | None = None
    """When it was fetched or archived: the first time it was seen, if earlier than now."""


@dataclass(frozen=True)
class Failure:
    """An input that could not be used, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class RemovedLine:
    text: str
    reason: str


EventSource = Literal["named", "published", "unknown"]
_EVENT_DAY = re.compile(r"([0-9]{4}|-)-([0-9]{2})-([0-9]{2})")


@dataclass(frozen=True)
class EventDate:
    """The day an article's event happened, as far as the article tells, and how it tells."""

    day: str | None = None
    """ISO 8601: ``2024-10-03``, or ``--10-03`` when the text names the day but not its year
    and the article has no date to take it from; None when unknown."""
    source: EventSource = "unknown"
    """``named``: the headline or lead names it; ``published``: the publication day stands
    for it; ``unknown``: neither."""
    confidence: float = 0.0
    """How sure the day is the event's, from 0 (unknown) to 1 (see ``extract.events``)."""

    def __post_init__(self) -> None:
        if (self.day is None) != (self.source == "unknown"):
            raise ValueError(f"event day {self.day!r} does not fit source {self.source!r}")
        if self.day is not None:
            match = _EVENT_DAY.fullmatch(self.day)
            if match is None:
                raise ValueError(f"event day {self.day!r} is not YYYY-MM-DD or --MM-DD")
            date(int(match[1]) if match[1] != "-" else 2000, int(match[2]), int(match[3]))

    @property
    def month_day(self) -> tuple[int, int] | None:
        """(month, day), known with or without the year."""
        if self.day is None:
            return None
        return int(self.day[-5:-3]), int(self.day[-2:])

    @property
    def full_date(self) -> date | None:
        """The calendar day, when its year is known."""
        if self.day is None or self.day.startswith("--"):
            return None
        return date.fromisoformat(self.day)


UNKNOWN_EVENT = EventDate()


@dataclass
class Article:
    """One cleaned text from one URL or file."""

    source: str
    title: str
    body: str
    url: str | None = None
    lang: str = "und"
    published_at: datetime | None = None
    """When the source says it was published, in UTC; None when nothing says. A naive time is
    a wall-clock time whose offset is not known yet (``extract.zones`` reads it)."""
    published_from: str | None = None
    """What says so: ``page`` (its metadata: meta tags, JSON-LD, ``<time>``), ``url``,
    ``date line``, ``feed`` or ``record``, with the time zone when one was assumed."""
    published_margin: float = 0.0
    """How far, in seconds, the true time may lie either side of ``published_at``: 0 when
    the source gave the offset; a day's half for a bare date; more for an unknown zone."""
    seen_at: datetime | None = None
    """When it was first seen: fetched, archived or ingested. Never a publication time."""
    site: str | None = None
    author: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    event: EventDate = UNKNOWN_EVENT
    """Set by the pipeline once the language is known (``extract.events``)."""

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n") if self.body else []


@dataclass(frozen=True)
class Mention:
    """A name as one article writes it, with the keys that link it across scripts."""

    form: str
    count: int
    lookup: tuple[str, ...]
    """Keys that find the name's entity, the likeliest first."""
    register: tuple[str, ...]
    """Keys the entity gets, so later articles find it (also in other scripts)."""
    entity: int | None = None
    """The entity it is known to name: that of another version's name it translates, found
    by meaning where no key matched (``entities.align``), or the one it was stored with
    (a copy takes its twin's). It comes before any key's owner."""
    position: float | None = None
    """Where the name first occurs, as a share of the text's length: a translation keeps
    its names at about the same places. None for names stored before positions were."""


@dataclass(frozen=True)
class KnownName:
    """An entity that an article's other versions name, as aligning its names needs it."""

    entity: int
    keys: frozenset[str]
    forms: dict[str, str]
    """Its most frequent form in each language that names it in those versions."""
    positions: dict[str, float] = field(default_factory=dict)
    """Where it first occurs in each language's version, where that is known."""


@dataclass(frozen=True)
class Entity:
    """A person, place or organisation, with every form it was written in, by language."""

    id: int
    label: str
    """Its English form when there is one, a common ground for readers of any script; else
    the form it was first seen in."""
    forms: dict[str, list[str]]
    """Forms by language, the most frequent first."""
    articles: int
    languages: list[str]

    @classmethod
    def of(cls, id: int, first_seen: str, forms: dict[str, list[str]], articles: int) -> Entity:
        label = forms["en"][0] if forms.get("en") else first_seen
        return cls(id, label, dict(sorted(forms.items())), articles, sorted(forms))


@dataclass(frozen=True)
class Placement:
    """Where an article landed: ids of its family, story and thread."""

    family: int
    story: int
    thread: int


@dataclass(frozen=True)
class StorySummary:
    id: int
    headline: str
    languages: list[str]
    articles: int
    first_seen: datetime
    last_seen: datetime

    @classmethod
    def of(cls, story_id: int, rows: list[ArticleRow]) -> StorySummary:
        """A story told by its articles, oldest first: the oldest names it."""
        times = [row.dated[1] for row in rows]
        languages = sorted({row.lang for row in rows})
        return cls(story_id, rows[0].title, languages, len(rows), min(times), max(times))


@lru_cache(maxsize=4096)
def _host(url: str) -> str | None:
    """A URL's host, kept: every list page names the sources of the same articles."""
    return urlsplit(url).hostname


@dataclass(frozen=True)
class ArticleRow:
    """An article as stored, for listing."""

    id: int
    title: str
    lang: str
    source: str
    url: str | None
    site: str | None
    published_at: datetime | None
    """None when no source says when it was published."""
    ingested_at: datetime
    family: int
    story: int
    thread: int
    seen_at: datetime | None = None
    """When it was first seen (fetched, archived or ingested)."""
    published_from: str | None = None
    published_margin: float = 0.0

    @property
    def first_seen(self) -> datetime:
        return self.seen_at or self.ingested_at

    @property
    def source_name(self) -> str:
        """The site, else the URL's host, else the file's name (its folder says little)."""
        host = _host(self.url) if self.url and not self.site else None
        return self.site or host or PurePath(self.source.split(":")[0]).name or self.source

    @property
    def dated(self) -> tuple[str, datetime]:
        """The time that places it, with what it is: ``published`` or ``first seen``."""
        if self.published_at is not None:
            return "published", self.published_at
        return "first seen", self.first_seen

    @property
    def date_label(self) -> str:
        """What a reader sees: "published 2026-11-03 07:25 UTC", "undated, first seen …"."""
        if self.published_at is not None:
            return f"published {shown(self.published_at, self.published_margin)}"
        return f"undated, first seen {shown(self.first_seen)}"

    event: EventDate = UNKNOWN_EVENT


@dataclass(frozen=True)
class StoredLink:
    """A judged link from a family's original to one of its versions, as the store keeps it."""

    original: int
    version: int
    kind: str
    """``translation``, ``copy`` or ``same story``."""
    confidence: float | None
    source: int | None = None
    """The version it was made from; None when that is unknown or not judged yet."""
    source_judged: bool = False
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = ()
    """The aligned sentences behind the judgement: (original's, version's) indices, in order;
    a sentence is 0 for the headline, then the body's in order."""


@dataclass(frozen=True)
class StoryTime:
    """A story's event day and the span of its articles' event days, each ISO 8601
    (``--MM-DD`` when no article gives the year); None when no article gives a day."""

    day: str | None = None
    """The day most of its articles name (else give by their publication)."""
    first: str | None = None
    last: str | None = None


@dataclass(frozen=True)
class StoryDetail:
    summary: StorySummary
    thread: int
    families: dict[int, list[ArticleRow]]

    @classmethod
    def of(cls, story_id: int, rows: list[ArticleRow]) -> StoryDetail:
        """A story from its articles, oldest first, its families in id order."""
        families: dict[int, list[ArticleRow]] = {}
        for row in rows:
            families.setdefault(row.family, []).append(row)
        summary = StorySummary.of(story_id, rows)
        return cls(summary, rows[0].thread, dict(sorted(families.items())))

    @property
    def articles(self) -> list[ArticleRow]:
        return [row for rows in self.families.values() for row in rows]


@dataclass(frozen=True)
class Feed:
    """A watched RSS or Atom feed and its health."""

    id: int
    url: str
    name: str | None
    etag: str | None
    last_modified: str | None
    """Validators from the last good poll, sent back so an unchanged feed costs one 304."""
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    items_seen: int
    """Items ingested from the feed (the store's column keeps its first name)."""
    mean_delay_seconds: float | None
    """Mean time from an item's publication to its ingestion."""


@dataclass(frozen=True)
class PollResult:
    """What one poll of a feed found, for its health record."""

    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    new_items: int = 0
    delays: tuple[float, ...] = ()


@dataclass(frozen=True)
class Assignment:
    """Groups an article should join; None means "start a new one"."""

    family: int | None
    story: int | None
    thread: int | None


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
    site_lines: tuple[str, frozenset[str]] | None = None
    """Its site and the hashes of its lines, counted for the site with the article."""

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


@dataclass(frozen=True)
class Regrouping:
    """What one consolidation of the window changed (``cluster.consolidate``)."""

    merged: dict[int, int] = field(default_factory=dict)
    """Absorbed story → the story that absorbed it (the larger part, which keeps its id)."""
    families: dict[int, int] = field(default_factory=dict)
    """Family → the story it moved to, whole: out of a story it did not belong in."""
    threads: dict[int, int] = field(default_factory=dict)
    """Story → its thread, for every story the consolidation made or changed."""

    def __bool__(self) -> bool:
        return bool(self.merged or self.families or self.threads)


# Following a subject (polywire.follow): what a subscription is and what it has told.

Event = Literal["new", "grown"]
"""Why a story is told: it matched for the first time, or it gained a language."""


@dataclass(frozen=True)
class NewSubscription:
    """A subject to follow: a query in any language, an entity (every form of it), or both."""

    query: str | None = None
    entity: int | None = None
    entity_name: str | None = None
    """The entity's name as the subscriber saw it: a label, not used to match."""
    lang: str | None = None
    """Only stories with an article in this language."""
    site: str | None = None
    """Only stories with an article from this site."""
    headline_lang: str | None = None
    """The language the feed names each story in, when the story has it."""
    webhook_url: str | None = None
    secret: str | None = None
    """The key each webhook body is signed with (HMAC-SHA256)."""


@dataclass(frozen=True, kw_only=True)
class Subscription(NewSubscription):
    id: int
    created_at: datetime


@dataclass(frozen=True)
class Match:
    """A story a subscription has told, with the languages it had when last told."""

    subscription: int
    story: int
    languages: tuple[str, ...]
    first_matched: datetime
    updated: datetime


@dataclass(frozen=True)
class Delivery:
    """One attempt to deliver a webhook."""

    subscription: int
    story: int
    event: Event
    attempt: int
    """1 for the first try, then one more per retry."""
    status: int | None
    """The receiver's HTTP status; None when no answer came."""
    error: str | None
    """Why the attempt failed; None when it succeeded."""
    at: datetime
