"""What the pages and the API show, built once from the store for both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from polywire.embed import Encoder
from polywire.link import align_articles, judged_tree
from polywire.link.relation import Kind
from polywire.model import ArticleRow, StoryDetail, StorySummary, StoryTime
from polywire.search import Searcher
from polywire.store import Store


@dataclass(frozen=True)
class StoryCard:
    """A story as a list shows it."""

    summary: StorySummary
    headline: str
    """In the reader's language when the story has a version in it, else the first headline."""
    headline_lang: str
    sources: int
    """Distinct sites (or, without a site, URLs' hosts or files) that carried it."""
    articles: list[ArticleRow]


@dataclass(frozen=True)
class Version:
    article: ArticleRow
    kind: Kind
    confidence: float | None
    """The share of aligned sentences (translation) or shared words (copy)."""
    source: ArticleRow | None = None
    """The version it was made from, when its text tells; None when unknown."""


@dataclass(frozen=True)
class Family:
    """The same text in several versions: its original and what each other version is of it."""

    id: int
    original: ArticleRow
    """The original, or when that is unknown the version the others are judged against."""
    versions: list[Version]
    original_known: bool = True


@dataclass(frozen=True)
class StoryPage:
    summary: StorySummary
    thread: int
    families: list[Family]
    articles: list[ArticleRow]
    event: StoryTime
    """The story's event day and the span of its articles' event days."""


@dataclass(frozen=True)
class SideBySide:
    """Two versions sentence by sentence; None marks a sentence only in the other version."""

    left: ArticleRow
    right: ArticleRow
    rows: list[tuple[str | None, str | None]]


@dataclass(frozen=True)
class SearchResult:
    card: StoryCard
    matched: ArticleRow
    """The best-matching article of the story."""


def story_cards(store: Store, found: list[StorySummary], lang: str | None) -> list[StoryCard]:
    rows = store.story_articles([summary.id for summary in found])
    return [_card(summary, rows[summary.id], lang) for summary in found]


def _card(summary: StorySummary, rows: list[ArticleRow], lang: str | None) -> StoryCard:
    own = next((row for row in rows if row.lang == lang), None)
    first = own or (rows[0] if rows else None)
    return StoryCard(
        summary=summary,
        headline=first.title if first else summary.headline,
        headline_lang=first.lang if first else "",
        sources=len({source_name(row) for row in rows}),
        articles=rows,
    )


def source_name(row: ArticleRow) -> str:
    """The site, else the URL's host, else the file's name (its folder says little)."""
    host = urlsplit(row.url).hostname if row.url else None
    return row.site or host or PurePath(row.source.split(":")[0]).name or row.source


class Versions:
    """Version trees and alignments of a story's families.

    Judged links and sentence vectors are kept in the store (``judged_tree``),
    so a tree is judged once and read back after that.
    """

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder

    def family(self, store: Store, family_id: int, rows: list[ArticleRow]) -> Family:
        links = judged_tree(rows, store, self.encoder)
        original = links[0].original if links else rows[0]
        versions = [
            Version(link.version, link.kind, link.confidence, link.source) for link in links
        ]
        return Family(family_id, original, versions, not links or links[0].original_known)

    def story(self, store: Store, detail: StoryDetail) -> StoryPage:
        families = [self.family(store, fid, rows) for fid, rows in detail.families.items()]
        articles = sorted((row for rows in detail.families.values() for row in rows), key=happened)
        return StoryPage(detail.summary, detail.thread, families, articles, detail.event)

    def side_by_side(self, store: Store, left: ArticleRow, right: ArticleRow) -> SideBySide:
        aligned = align_articles((left.id, right.id), store, self.encoder)
        rows = [
            (
                " ".join(aligned.left[i] for i in bead.left) or None,
                " ".join(aligned.right[j] for j in bead.right) or None,
            )
            for bead in aligned.beads
        ]
        return SideBySide(left, right, rows)


def search(store: Store, searcher: Searcher, query: str, lang: str | None) -> list[SearchResult]:
    """Stories for ``query``, each once, in the order of their best-matching article."""
    best: dict[int, ArticleRow] = {}
    for hit in searcher.search(store, query):
        row = store.article(hit.article_id)
        if row is not None and row.story not in best:
            best[row.story] = row
    rows = store.story_articles(best)
    return [
        SearchResult(_card(_summarise(story, rows[story]), rows[story], lang), matched)
        for story, matched in best.items()
    ]


def _summarise(story_id: int, rows: list[ArticleRow]) -> StorySummary:
    times = [happened(row) for row in rows]
    return StorySummary(
        id=story_id,
        headline=rows[0].title,
        languages=sorted({row.lang for row in rows}),
        articles=len(rows),
        first_seen=min(times),
        last_seen=max(times),
    )


def happened(row: ArticleRow) -> datetime:
    """When it was published, else when it was first seen."""
    return row.dated[1]
