"""Sentence alignment as the family rule's second opinion.

The family rule reads lead vectors and numbers only; a translation whose lead
cosine is low and whose numbers are few scores below 0, and two market reports
sharing a date line and percentages can score above it. Where its score with a
family in other languages is close to 0 (``Settings.family_align_low`` to
``family_align_high``), the clusterer asks this: a translation aligns with its
source sentence by sentence, each pair saying the same; two different articles
do not (``scripts/family_second_opinion.py`` measures it, docs/quality.md).

Only an arriving article with a family in that band pays for its sentences'
embedding; a family's versions are embedded once and kept in the store, as for
judging links (``link.versions``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Protocol

import numpy as np
import numpy.typing as npt

from polywire.embed import Encoder
from polywire.link.align import matched_share
from polywire.link.versions import KeptLinks, sentence_vectors, sentences
from polywire.model import ArticleRow

MAX_VERSIONS = 4
"""A family's versions an arriving article is aligned with, the first stored first."""
MAX_SENTENCES = 64
"""Sentences of each text aligned, from its start: enough to tell a translation, and the
alignment's cost (their product) stays bounded whatever a page's length."""


class FamilyStore(KeptLinks, Protocol):
    def family(self, family_id: int) -> list[ArticleRow]: ...


class AlignmentOpinion:
    """Does an arriving article align with a stored family's versions closely enough?"""

    def __init__(
        self,
        title: str,
        body: str,
        store: FamilyStore,
        encoder: Encoder,
        floor: float,
        share: float,
        min_sentences: int,
    ) -> None:
        """``floor``: centred sentence cosine an aligned pair needs; ``share``: the part of the
        longer text's sentences so aligned that makes the article a version; texts of fewer
        than ``min_sentences`` are not compared."""
        self._text = (title, body)
        self._store = store
        self._encoder = encoder
        self._floor = floor
        self._share = share
        self._min_sentences = min_sentences
        self.vectors: npt.NDArray[np.float32] | None = None
        """The article's sentence vectors, once a family was asked about."""

    def agrees(self, family: int) -> bool | None:
        """Whether the article aligns with one of the family's versions; None (the rule
        decides) when it or every version has fewer than ``min_sentences``: a headline alone
        matches any other headline closely enough."""
        if self.vectors is None:
            self.vectors = self._encoder.encode(sentences(*self._text))
        if len(self.vectors) < self._min_sentences:
            return None
        ours = self.vectors[:MAX_SENTENCES]
        rows = sorted(self._store.family(family), key=lambda row: row.id)[:MAX_VERSIONS]
        compared = False
        for theirs in self._versions(rows):
            if len(theirs) >= self._min_sentences:
                compared = True
                if matched_share(ours, theirs[:MAX_SENTENCES], self._floor) >= self._share:
                    return True
        return False if compared else None

    def _versions(self, rows: Collection[ArticleRow]) -> Iterator[npt.NDArray[np.float32]]:
        """Each version's sentence vectors, one at a time: the first that aligns ends the look."""
        texts = self._store.texts([row.id for row in rows])
        for row in rows:
            if row.id in texts:
                split = sentences(*texts[row.id])
                yield sentence_vectors(row.id, split, self._store, self._encoder)
