"""Which version of a family is the original, what each other version is of it, and which
version each was made from.

The original is decided by evidence, never by when we happened to see a version: it is
the version published before every other dated one, beyond the doubt of their times
(a bare date, a local time of an unknown zone). When no version is, the original is
unknown, and the versions are judged against the first stored, shown as such.

Which version a translation was made from, dates rarely tell. Its structure does: a
translation keeps its source's sentences one for one, while a translation of a
translation made from another version splits and merges where that version did. So a
version's source is the one it aligns with most one-for-one, among those not published
after it, when that one stands out (``SOURCE_MARGIN``) and the two are not each other's
best match with nothing to tell which came first (the original came first). Else the
source is unknown.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Protocol, cast

import numpy as np
import numpy.typing as npt

from polywire.embed import Encoder
from polywire.extract.sentences import split_sentences
from polywire.link.align import Bead, align
from polywire.link.relation import Kind, relate
from polywire.model import ArticleRow, StoredLink


class KeptLinks(Protocol):
    """What link keeps in the store: judged links, and the sentence vectors they were judged
    by (embedding is the cost)."""

    def texts(self, article_ids: Collection[int]) -> dict[int, tuple[str, str]]: ...

    def version_links(self, version_ids: Collection[int]) -> dict[int, StoredLink]:
        """The kept link to each version asked for, by version id, where there is one."""
        ...

    def put_version_links(self, links: Collection[StoredLink]) -> None:
        """Keep judged links, replacing any earlier link to the same versions."""
        ...

    def sentence_vectors(self, article_id: int) -> npt.NDArray[np.float32] | None: ...

    def put_sentence_vectors(self, article_id: int, vectors: npt.NDArray[np.float32]) -> None: ...


SOURCE_MARGIN = 0.04
"""How much more one-for-one a version must align with its source than with any other."""
MAX_SOURCE_VERSIONS = 12
"""Larger families are not searched for sources: every pair of versions must be aligned."""


@dataclass(frozen=True)
class VersionLink:
    original: ArticleRow
    """The family's original, or, when that is unknown, the version judged against."""
    version: ArticleRow
    kind: Kind
    confidence: float | None = None
    """The aligned or shared share of text behind ``kind``; None when judged by language alone."""
    original_known: bool = True
    source: ArticleRow | None = None
    """The version this one was made from, when the texts tell; None when unknown."""
    beads: tuple[Bead, ...] = ()
    """The original's sentences aligned with the version's; empty when judged by language alone."""


def original_of(rows: list[ArticleRow]) -> ArticleRow | None:
    """The version published before every other dated version, beyond their times' doubt;
    None when no version is. Undated versions cannot tell, so they do not count."""
    dated = sorted((r for r in rows if r.published_at), key=lambda r: (r.published_at, r.id))
    if not dated:
        return None
    first = dated[0]
    return first if all(published_before(first, other) for other in dated[1:]) else None


def published_before(a: ArticleRow, b: ArticleRow) -> bool:
    """Whether ``a`` is known to be published before ``b``."""
    if a.published_at is None or b.published_at is None:
        return False
    margin = timedelta(seconds=a.published_margin + b.published_margin)
    return a.published_at + margin < b.published_at


def family_tree(rows: list[ArticleRow]) -> list[VersionLink]:
    """Link every version to the family's original (or the first stored, when unknown).

    Judged by language alone, without reading the texts: a version in another
    language is a translation, one in the same language a copy.
    """
    original = _head(rows)
    known = original_of(rows) is not None
    return [
        VersionLink(
            original, row, "translation" if row.lang != original.lang else "copy", None, known
        )
        for row in rows
        if row.id != original.id
    ]


def judge_family(rows: list[ArticleRow], store: KeptLinks, encoder: Encoder) -> int:
    """Judge from the texts each link of the family not judged yet against its original, and
    each version's source; keep the links, their alignments, sources and the sentence
    vectors; how many links were judged.

    The ingest pipeline calls this when an article joins a family, so that reading a
    family (``kept_tree``) never embeds nor writes. A kept link still counts while its
    original is the family's original (an earlier version may arrive later: then all are
    judged again). Sources are judged again whenever a link is, as a new version may be
    the source of another.
    """
    original = _head(rows)
    known = original_of(rows) is not None
    versions = [row for row in rows if row.id != original.id]
    kept = store.version_links([row.id for row in versions])
    judged = {
        row.id: _judge(original, row, store, encoder)
        for row in versions
        if not ((link := kept.get(row.id)) and _current(link, original) and link.beads)
    }
    stored = [judged.get(row.id) or kept[row.id] for row in versions]
    if judged or not all(link.source_judged for link in stored):
        found = sources(rows, original if known else None, store, encoder, keep=True)
        stored = [
            replace(link, source=found.get(link.version), source_judged=True) for link in stored
        ]
        store.put_version_links(stored)
    return len(judged)


def kept_tree(rows: list[ArticleRow], store: KeptLinks) -> list[VersionLink]:
    """``family_tree``, with each link as judged from the texts where it was (``judge_family``),
    and each version's source where it was found.

    Only reads the store: a link never judged is judged by language alone, and one
    judged before alignments were kept has no aligned sentences.
    """
    original = _head(rows)
    kept = store.version_links([row.id for row in rows if row.id != original.id])
    by_id = {row.id: row for row in rows}
    links = []
    for fallback in family_tree(rows):
        link = kept.get(fallback.version.id)
        if not _current(link, original):
            links.append(fallback)
            continue
        assert link is not None
        links.append(
            replace(
                fallback,
                kind=cast(Kind, link.kind),
                confidence=link.confidence,
                source=by_id.get(link.source) if link.source is not None else None,
                beads=tuple(Bead(left, right) for left, right in link.beads),
            )
        )
    return links


def sources(
    rows: list[ArticleRow],
    original: ArticleRow | None,
    store: KeptLinks,
    encoder: Encoder,
    keep: bool = False,
) -> dict[int, int | None]:
    """The version each version was made from, where its structure tells (module doc)."""
    if len(rows) > MAX_SOURCE_VERSIONS or len(rows) < 2:
        return {}
    likeness = {
        (a.id, b.id): one_for_one(align_articles((a.id, b.id), store, encoder, keep).beads)
        for i, a in enumerate(rows)
        for b in rows[i + 1 :]
    }

    def alike(a: ArticleRow, b: ArticleRow) -> float:
        return likeness.get((a.id, b.id), likeness.get((b.id, a.id), 0.0))

    def best(row: ArticleRow) -> list[tuple[float, ArticleRow]]:
        """Its likeliest sources first: no version published after it can be one."""
        ranked = [
            (alike(row, other), other)
            for other in rows
            if other.id != row.id and not published_before(row, other)
        ]
        return sorted(ranked, key=lambda pair: (-pair[0], pair[1].id))

    found: dict[int, int | None] = {}
    for row in rows:
        if row is original:
            continue
        ranked = best(row)
        if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < SOURCE_MARGIN):
            found[row.id] = None
            continue
        source = ranked[0][1]
        back = best(source)
        mutual = source is not original and bool(back) and back[0][1].id == row.id
        # Two versions that are each other's closest: which came first, only time can tell.
        found[row.id] = None if mutual and not published_before(source, row) else source.id
    return found


def one_for_one(beads: list[Bead]) -> float:
    """Share of the sentences of two versions aligned one for one: a translation keeps its
    source's sentence splits."""
    left = sum(len(b.left) for b in beads)
    right = sum(len(b.right) for b in beads)
    kept = sum(1 for b in beads if len(b.left) == 1 and len(b.right) == 1)
    return kept / max(left, right) if beads else 0.0


def judged_tree(rows: list[ArticleRow], store: KeptLinks, encoder: Encoder) -> list[VersionLink]:
    """``kept_tree`` after judging what was not judged yet (``judge_family``)."""
    judge_family(rows, store, encoder)
    return kept_tree(rows, store)


def _current(link: StoredLink | None, original: ArticleRow) -> bool:
    return link is not None and link.original == original.id


def _judge(original: ArticleRow, row: ArticleRow, store: KeptLinks, encoder: Encoder) -> StoredLink:
    aligned = align_articles((original.id, row.id), store, encoder, keep=True)
    relation = relate(
        (original.lang, " ".join(aligned.left)),
        (row.lang, " ".join(aligned.right)),
        aligned.beads,
        (len(aligned.left), len(aligned.right)),
    )
    beads = tuple((bead.left, bead.right) for bead in aligned.beads)
    return StoredLink(original.id, row.id, relation.kind, relation.confidence, beads=beads)


def _head(rows: list[ArticleRow]) -> ArticleRow:
    """The original, or when it is unknown the first stored version, to judge the others by."""
    return original_of(rows) or min(rows, key=lambda r: r.id)


def sentences(title: str, body: str) -> list[str]:
    """The headline, then the body's sentences, in order."""
    return [title, *(s for paragraph in body.split("\n") for s in split_sentences(paragraph))]


def align_articles(
    ids: tuple[int, int], store: KeptLinks, encoder: Encoder, keep: bool = False
) -> Alignment:
    """Align two stored versions sentence by sentence.

    Embedding sentences is the cost: stored sentence vectors are used, and the
    missing ones made, and kept in the store when ``keep`` (ingest keeps them; a
    reader's request only reads).
    """
    texts = store.texts(ids)
    left, right = (sentences(*texts[i]) for i in ids)
    vectors = [
        sentence_vectors(i, s, store, encoder, keep)
        for i, s in zip(ids, (left, right), strict=True)
    ]
    return Alignment(left, right, align(vectors[0], vectors[1]))


@dataclass(frozen=True)
class Alignment:
    left: list[str]
    right: list[str]
    beads: list[Bead]


def unembedded_sentences(rows: Sequence[ArticleRow], store: KeptLinks) -> dict[int, list[str]]:
    """The sentences of each version whose sentence vectors are not kept yet, by its id.

    Embedding them all in one call (``keep_sentence_vectors`` keeps the result) runs the
    model in fuller batches than ``judge_family`` does one version at a time; it then
    embeds nothing.
    """
    ids = list(dict.fromkeys(row.id for row in rows))
    texts = store.texts(ids)
    split = {i: sentences(*texts[i]) for i in ids if i in texts}
    return {
        i: found
        for i, found in split.items()
        if (cached := store.sentence_vectors(i)) is None or len(cached) != len(found)
    }


def keep_sentence_vectors(
    texts: dict[int, list[str]], vectors: npt.NDArray[np.float32], store: KeptLinks
) -> None:
    """Keep the vectors of ``texts`` (``unembedded_sentences``), embedded in their order."""
    start = 0
    for article_id, found in texts.items():
        store.put_sentence_vectors(article_id, vectors[start : start + len(found)])
        start += len(found)


def sentence_vectors(
    article_id: int, texts: list[str], store: KeptLinks, encoder: Encoder, keep: bool = True
) -> npt.NDArray[np.float32]:
    """The stored version's sentence vectors, embedded (and kept, when ``keep``) if missing."""
    cached = store.sentence_vectors(article_id)
    if cached is not None and len(cached) == len(texts):
        return cached
    vectors = encoder.encode(texts)
    if keep:
        store.put_sentence_vectors(article_id, vectors)
    return vectors
