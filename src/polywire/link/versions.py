"""Which version of a family is the original, and what each other version is of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from polywire.embed import Encoder
from polywire.extract.sentences import split_sentences
from polywire.link.align import Bead, align
from polywire.model import ArticleRow


@dataclass(frozen=True)
class VersionLink:
    original: ArticleRow
    version: ArticleRow
    kind: Literal["translation", "copy"]


def family_tree(rows: list[ArticleRow]) -> list[VersionLink]:
    """Link every version to the family's original: the earliest published, then the first stored.

    A version in another language is a translation; one in the same language is a copy.
    """
    original = min(rows, key=lambda r: (r.published_at or r.ingested_at, r.id))
    return [
        VersionLink(original, row, "translation" if row.lang != original.lang else "copy")
        for row in rows
        if row.id != original.id
    ]


def sentences(title: str, body: str) -> list[str]:
    """The headline, then the body's sentences, in order."""
    return [title, *(s for paragraph in body.split("\n") for s in split_sentences(paragraph))]


def align_texts(left: list[str], right: list[str], encoder: Encoder) -> list[Bead]:
    """Align two versions' sentences; embedding is the cost, so it happens only here, on demand."""
    vectors = encoder.encode([*left, *right])
    return align(vectors[: len(left)], np.asarray(vectors[len(left) :]))
