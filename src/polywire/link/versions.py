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


def judged_tree(rows: list[ArticleRow], store: Store, encoder: Encoder) -> list[VersionLink]:
    """``family_tree``, with each link judged from the texts: aligned sentences and shared words.

    Links are judged once and kept in the store; a kept link still counts while
    its original is the family's original (an earlier version may arrive later).
    """
    original = _original(rows)
    versions = [row for row in rows if row.id != original.id]
    kept = store.version_links([row.id for row in versions])
    links, judged = [], []
    for row in versions:
        link = kept.get(row.id)
        if link is None or link.original != original.id:
            link = _judge(original, row, store, encoder)
            judged.append(link)
        links.append(VersionLink(original, row, cast(Kind, link.kind), link.confidence))
    if judged:
        store.put_version_links(judged)
    return links


def _judge(original: ArticleRow, row: ArticleRow, store: Store, encoder: Encoder) -> StoredLink:
    aligned = align_articles((original.id, row.id), store, encoder)
    relation = relate(
        (original.lang, " ".join(aligned.left)),
        (row.lang, " ".join(aligned.right)),
        aligned.beads,
        (len(aligned.left), len(aligned.right)),
    )
    return StoredLink(original.id, row.id, relation.kind, relation.confidence)


def _original(rows: list[ArticleRow]) -> ArticleRow:
    return min(rows, key=lambda r: (r.published_at or r.ingested_at, r.id))


def sentences(title: str, body: str) -> list[str]:
    """The headline, then the body's sentences, in order."""
    return [title, *(s for paragraph in body.split("\n") for s in split_sentences(paragraph))]


def align_articles(ids: tuple[int, int], store: Store, encoder: Encoder) -> Alignment:
    """Align two stored versions sentence by sentence.

    Embedding sentences is the cost, so it happens only here, on demand, and the
    vectors are kept in the store for the next time.
    """
    texts = store.texts(ids)
    left, right = (sentences(*texts[i]) for i in ids)
    vectors = [
        _sentence_vectors(i, s, store, encoder) for i, s in zip(ids, (left, right), strict=True)
    ]
    return Alignment(left, right, align(vectors[0], vectors[1]))


@dataclass(frozen=True)
class Alignment:
    left: list[str]
    right: list[str]
    beads: list[Bead]


def _sentence_vectors(
    article_id: int, texts: list[str], store: Store, encoder: Encoder
) -> npt.NDArray[np.float32]:
    cached = store.sentence_vectors(article_id)
    if cached is not None and len(cached) == len(texts):
        return cached
    vectors = encoder.encode(texts)
    store.put_sentence_vectors(article_id, vectors)
    return vectors
