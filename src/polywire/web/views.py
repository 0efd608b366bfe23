"""What the pages and the API show, built once from the store for both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from polywire.catalogue import Catalogue
from polywire.cluster.span import story_time
from polywire.embed import Encoder
from polywire.link import Bead, align_articles, kept_tree, sentences
from polywire.link.relation import Kind
from polywire.link.versions import KeptLinks
from polywire.model import ArticleRow, StoryDetail, StorySummary, StoryTime
from polywire.search import Searcher


class Reading(Catalogue, KeptLinks, Protocol):
    """What pages read of the store: the catalogue, and the links ingest judged (a side by
    side view keeps the sentence vectors it embeds)."""


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
class AlignedRow:
    """Sentences that say the same thing, one cell per version (the original's first)."""

    cells: list[str | None]
    """None where a version has nothing aligned here."""

    @property
    def complete(self) -> bool:
        return all(cell is not None for cell in self.cells)


@dataclass(frozen=True)
class Family:
    """The same text in several versions: its original and what each other version is of it."""

    id: int
    original: ArticleRow
    """The original, or when that is unknown the version the others are judged against."""
    versions: list[Version]
    aligned: list[AlignedRow]
    """Every version side by side, sentence by sentence, the headlines first; empty when the
    family has one version."""
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
    score: float
    """How well ``matched`` matches the query: a cosine, from the search cutoff up to 1."""


def story_cards(store: Reading, found: list[StorySummary], lang: str | None) -> list[StoryCard]:
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
    return row.source_name


class Versions:
    """Version trees and alignments of a story's families.

    A story's families are read as ingest judged and aligned them (``kept_tree``):
    showing a story embeds nothing and writes nothing.
    """

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder

    def story(self, store: Reading, detail: StoryDetail) -> StoryPage:
        several = [row.id for rows in detail.families.values() if len(rows) > 1 for row in rows]
        texts = store.texts(several)
        families = [family(store, fid, rows, texts) for fid, rows in detail.families.items()]
        articles = sorted(detail.articles, key=happened)
        event = story_time(row.event for row in articles)
        return StoryPage(detail.summary, detail.thread, families, articles, event)

    def side_by_side(self, store: Reading, left: ArticleRow, right: ArticleRow) -> SideBySide:
        """Any two articles aligned; sentence vectors not stored yet are made, not kept."""
        aligned = align_articles((left.id, right.id), store, self.encoder)
        rows = [
            (
                " ".join(aligned.left[i] for i in bead.left) or None,
                " ".join(aligned.right[j] for j in bead.right) or None,
            )
            for bead in aligned.beads
        ]
        return SideBySide(left, right, rows)


def family(
    store: Reading, family_id: int, rows: list[ArticleRow], texts: dict[int, tuple[str, str]]
) -> Family:
    """A family's tree and its versions side by side; ``texts`` holds each version's text."""
    links = kept_tree(rows, store)
    original = links[0].original if links else rows[0]
    versions = [Version(link.version, link.kind, link.confidence, link.source) for link in links]
    if not links:
        return Family(family_id, original, versions, [])
    split = {row.id: sentences(*texts[row.id]) for row in rows}
    aligned = side_by_side(split[original.id], [(split[v.version.id], v.beads) for v in links])
    return Family(family_id, original, versions, aligned, links[0].original_known)


def side_by_side(
    original: list[str], versions: list[tuple[list[str], tuple[Bead, ...]]]
) -> list[AlignedRow]:
    """The original's sentences beside each version's, as each version aligns with it.

    A row holds the fewest original sentences that no version's alignment splits
    (one version may merge two of them). A version's sentences aligned with none
    of the original's get a row of their own, where they fall. A version with no
    alignment (judged by language alone) shows its whole text in a last row.
    """
    # ends[i]: an original sentence i closes a row unless some version merges it with i + 1.
    ends = [True] * len(original)
    for _, beads in versions:
        for bead in beads:
            for i in bead.left[:-1]:
                ends[i] = False
    groups: list[list[int]] = [[]]
    for i, closes in enumerate(ends):
        groups[-1].append(i)
        if closes and i < len(original) - 1:
            groups.append([])
    row_of = {i: g for g, group in enumerate(groups) for i in group}
    columns = len(versions) + 1
    matched = [[list[str]() for _ in range(columns)] for _ in groups]
    # inserted[g]: sentences of a version aligned with nothing, before row g (or after the last).
    inserted = [[list[str]() for _ in range(columns)] for _ in range(len(groups) + 1)]
    unaligned = [list[str]() for _ in range(columns)]
    for g, group in enumerate(groups):
        matched[g][0] = [original[i] for i in group]
    for k, (texts, beads) in enumerate(versions, start=1):
        if not beads:
            unaligned[k] = texts
            continue
        at = 0
        for bead in beads:
            said = [texts[j] for j in bead.right]
            if bead.left:
                at = row_of[bead.left[0]]
                matched[at][k] += said
                at += 1
            else:
                inserted[at][k] += said
    rows = []
    for g in range(len(groups) + 1):
        rows += _row(inserted[g])
        if g < len(groups):
            rows += _row(matched[g])
    return rows + _row(unaligned)


def _row(cells: list[list[str]]) -> list[AlignedRow]:
    if not any(cells):
        return []
    return [AlignedRow([" ".join(cell) if cell else None for cell in cells])]


def search(store: Reading, searcher: Searcher, query: str, lang: str | None) -> list[SearchResult]:
    """The stories ``query`` is about, best first, each with its score and best article."""
    found = searcher.stories(store, query)
    rows = store.story_articles([match.story for match in found])
    results = []
    for match in found:
        story_rows = rows.get(match.story, [])
        matched = next((row for row in story_rows if row.id == match.article), None)
        if matched is None:
            continue
        card = _card(StorySummary.of(match.story, story_rows), story_rows, lang)
        results.append(SearchResult(card, matched, match.score))
    return results


def happened(row: ArticleRow) -> datetime:
    """When it was published, else when it was first seen."""
    return row.dated[1]
