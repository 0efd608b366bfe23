"""Which version of a family is the original, and what each other version is of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from polywire.embed import Encoder
from polywire.extract.sentences import split_sentences
from polywire.link.align import Bead, align
from polywire.link.relation import Kind, relate
from polywire.model import ArticleRow, StoredLink
from polywire.store import Store


@dataclass(frozen=True)
class VersionLink:
    original: ArticleRow
    version: ArticleRow
    kind: Kind
    confidence: float | None = None
    """The aligned or shared share of text behind ``kind``; None when judged by language alone."""
    beads: tuple[Bead, ...] = ()
    """The original's sentences aligned with the version's; empty when judged by language alone."""


def family_tree(rows: list[ArticleRow]) -> list[VersionLink]:
    """Link every version to the family's original: the earliest published, then the first stored.

    Judged by language alone, without reading the texts: a version in another
    language is a translation, one in the same language a copy.
    """
    original = _original(rows)
    return [
        VersionLink(original, row, "translation" if row.lang != original.lang else "copy")
        for row in rows
        if row.id != original.id
    ]


def judge_family(rows: list[ArticleRow], store: Store, encoder: Encoder) -> int:
    """Judge from the texts each link of the family not judged yet against its original, and
    keep the links, their alignments and the sentence vectors; how many links were judged.

    The ingest pipeline calls this when an article joins a family, so that reading a
    family (``kept_tree``) never embeds. A kept link still counts while its original is
    the family's original (an earlier version may arrive later: then all are judged again).
    """
    original = _original(rows)
    versions = [row for row in rows if row.id != original.id]
    kept = store.version_links([row.id for row in versions])
    judged = [
        _judge(original, row, store, encoder)
        for row in versions
        if not ((link := kept.get(row.id)) and _current(link, original) and link.beads)
    ]
    if judged:
        store.put_version_links(judged)
    return len(judged)


def kept_tree(rows: list[ArticleRow], store: Store) -> list[VersionLink]:
    """``family_tree``, with each link as judged from the texts where it was (``judge_family``).

    Only reads the store: a link never judged is judged by language alone, and one
    judged before alignments were kept has no aligned sentences.
    """
    original = _original(rows)
    kept = store.version_links([row.id for row in rows if row.id != original.id])
    links = []
    for fallback in family_tree(rows):
        link = kept.get(fallback.version.id)
        if not _current(link, original):
            links.append(fallback)
            continue
        assert link is not None
        beads = tuple(Bead(left, right) for left, right in link.beads)
        links.append(
            VersionLink(original, fallback.version, cast(Kind, link.kind), link.confidence, beads)
        )
    return links


def judged_tree(rows: list[ArticleRow], store: Store, encoder: Encoder) -> list[VersionLink]:
    """``kept_tree`` after judging what was not judged yet (``judge_family``)."""
    judge_family(rows, store, encoder)
    return kept_tree(rows, store)


def _current(link: StoredLink | None, original: ArticleRow) -> bool:
    return link is not None and link.original == original.id


def _judge(original: ArticleRow, row: ArticleRow, store: Store, encoder: Encoder) -> StoredLink:
    aligned = align_articles((original.id, row.id), store, encoder, keep=True)
    relation = relate(
        (original.lang, " ".join(aligned.left)),
        (row.lang, " ".join(aligned.right)),
        aligned.beads,
        (len(aligned.left), len(aligned.right)),
    )
    beads = tuple((bead.left, bead.right) for bead in aligned.beads)
    return StoredLink(original.id, row.id, relation.kind, relation.confidence, beads)


def _original(rows: list[ArticleRow]) -> ArticleRow:
    return min(rows, key=lambda r: (r.published_at or r.ingested_at, r.id))


def sentences(title: str, body: str) -> list[str]:
    """The headline, then the body's sentences, in order."""
    return [title, *(s for paragraph in body.split("\n") for s in split_sentences(paragraph))]


def align_articles(
    ids: tuple[int, int], store: Store, encoder: Encoder, keep: bool = False
) -> Alignment:
    """Align two stored versions sentence by sentence.

    Embedding sentences is the cost: stored sentence vectors are used, and the
    missing ones made, and kept in the store when ``keep`` (ingest keeps them; a
    reader's request only reads).
    """
    texts = store.texts(ids)
    left, right = (sentences(*texts[i]) for i in ids)
    vectors = [
        _sentence_vectors(i, s, store, encoder, keep)
        for i, s in zip(ids, (left, right), strict=True)
    ]
    return Alignment(left, right, align(vectors[0], vectors[1]))


@dataclass(frozen=True)
class Alignment:
    left: list[str]
    right: list[str]
    beads: list[Bead]


def _sentence_vectors(
    article_id: int, texts: list[str], store: Store, encoder: Encoder, keep: bool
) -> npt.NDArray[np.float32]:
    cached = store.sentence_vectors(article_id)
    if cached is not None and len(cached) == len(texts):
        return cached
    vectors = encoder.encode(texts)
    if keep:
        store.put_sentence_vectors(article_id, vectors)
    return vectors
