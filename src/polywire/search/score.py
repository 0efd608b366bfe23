"""How relevant each story is to a query: one score, comparable across searches.

A story scores the cosine between the query's vector and its best-matching
article's headline+lead vector, the vector clustering stored for it. The
cosine is the same number whatever else is stored, so one cutoff, fitted once
on related and unrelated pairs across languages (``Settings.search_cutoff``,
scripts/fit_search_cutoff.py), drops what a query is not about.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BATCH = 500
"""Passing articles whose stories are read at once: one query for most searches."""


@dataclass(frozen=True)
class ScoredStory:
    story: int
    score: float
    """Cosine of the query with ``article``'s headline+lead vector, in [-1, 1]."""
    article: int
    """The story's best-matching article."""


def score_stories(
    query: npt.NDArray[np.float32],
    ids: npt.NDArray[np.int64],
    vectors: npt.NDArray[np.float32],
    stories_of: Callable[[Collection[int]], dict[int, int]],
    cutoff: float,
    limit: int | None = None,
) -> list[ScoredStory]:
    """The stories whose best article scores at least ``cutoff`` against ``query``, best first.

    ``ids`` and ``vectors`` are the articles to score, one row each (normalised);
    ``stories_of(article ids)`` maps each to its story (absent: gone), asked of the passing
    articles, best first, a batch at a time until ``limit`` stories are found.
    """
    if len(ids) == 0:
        return []
    similarity = vectors @ query
    passing = np.flatnonzero(similarity >= cutoff)
    order = passing[np.argsort(-similarity[passing], kind="stable")]
    best: dict[int, ScoredStory] = {}
    for start in range(0, len(order), BATCH):
        batch = order[start : start + BATCH]
        story_of = stories_of([int(ids[i]) for i in batch])
        for i in batch:
            article = int(ids[i])
            story = story_of.get(article)
            if story is not None and story not in best:
                best[story] = ScoredStory(story, round(float(similarity[i]), 4), article)
                if limit is not None and len(best) >= limit:
                    return list(best.values())
    return list(best.values())
