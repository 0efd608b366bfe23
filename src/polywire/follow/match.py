"""Which followed subjects a story is about, decided as its articles arrive.

A subscription's query is scored as search scores it: the cosine between the
query's vector and an article's headline+lead vector, kept at or above
``search_cutoff``; so a query in Russian matches a story told only in
Azerbaijani. Its entity matches a story whose articles name it in any form or
script (the store links the forms). With both, both must hold; then the
language and site filters, which any article of the story may meet.

A story is told once when it first matches (``new``) and again each time it
gains a language (``grown``); the store remembers what was told.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from polywire.catalogue import Catalogue
from polywire.embed import Encoder
from polywire.follow.storage import SubscriptionStore
from polywire.model import ArticleRow, Event, Subscription

QUERIES_KEPT = 1024
"""Query vectors kept in memory: every subscription's, as long as there are not more."""


@dataclass(frozen=True)
class Notice:
    """A story to tell a subscriber about."""

    subscription: Subscription
    story: int
    event: Event
    languages: tuple[str, ...]
    """The story's languages now."""
    new_languages: tuple[str, ...]
    """Those it did not have when last told (all of them for a new story)."""


def follows(store: Catalogue) -> SubscriptionStore | None:
    """The store as the storage following needs, if it has it."""
    return store if isinstance(store, SubscriptionStore) else None


class Matcher:
    """Decides whether a story is about a subscription's subject."""

    def __init__(self, encoder: Encoder, cutoff: float) -> None:
        self.encoder = encoder
        self.cutoff = cutoff
        self.vector = lru_cache(maxsize=QUERIES_KEPT)(self._embed)

    def _embed(self, query: str) -> npt.NDArray[np.float32]:
        return np.asarray(self.encoder.encode([query.strip()])[0], dtype=np.float32)

    def passing(
        self, queries: Sequence[str], vectors: Sequence[npt.NDArray[np.float32]]
    ) -> list[bool]:
        """Whether each query scores at least the cutoff against the best of these
        headline+lead vectors (a story's arriving articles), all in one product."""
        if not queries or not vectors:
            return [False] * len(queries)
        matrix = np.vstack([self.vector(query) for query in queries])
        best = np.max(np.vstack(vectors) @ matrix.T, axis=0)
        return [bool(score >= self.cutoff) for score in best]

    @staticmethod
    def filters_pass(
        subscription: Subscription, rows: Sequence[ArticleRow], names: Collection[int]
    ) -> bool:
        """Whether the story's articles (``rows``, naming the entities ``names``) meet the
        subscription's entity, language and site."""
        if subscription.entity is not None and subscription.entity not in names:
            return False
        if subscription.lang and all(row.lang != subscription.lang for row in rows):
            return False
        return not subscription.site or any(row.site == subscription.site for row in rows)
