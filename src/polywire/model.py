"""The data that flows between stages: Document → Article → (family, story, thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
    lang: str | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class Failure:
    """An input that could not be used, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class RemovedLine:
    text: str
    reason: str


@dataclass
class Article:
    """One cleaned text from one URL or file."""

    source: str
    title: str
    body: str
    url: str | None = None
    lang: str = "und"
    published_at: datetime | None = None
    site: str | None = None
    author: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)

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
    ingested_at: datetime
    family: int
    story: int
    thread: int


@dataclass(frozen=True)
class StoredLink:
    """A judged link from a family's original to one of its versions, as the store keeps it."""

    original: int
    version: int
    kind: str
    """``translation``, ``copy`` or ``same story``."""
    confidence: float | None
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = ()
    """The aligned sentences behind the judgement: (original's, version's) indices, in order;
    a sentence is 0 for the headline, then the body's in order."""


@dataclass(frozen=True)
class StoryDetail:
    summary: StorySummary
    thread: int
    families: dict[int, list[ArticleRow]]


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
