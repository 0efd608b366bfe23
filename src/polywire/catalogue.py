"""The catalogue: what the web, the CLI, search and link read of the store, and no more."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt

from polywire.model import ArticleRow, Entity, StoryDetail, StorySummary


class Catalogue(Protocol):
    """Stored stories, articles and entities, read; ``polywire.store.Store`` implements it."""

    def stories(
        self,
        lang: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        site: str | None = None,
        entity: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StorySummary]: ...

    def story(self, story_id: int) -> StoryDetail | None: ...

    def story_moved_to(self, story_id: int) -> int | None:
        """Where an absorbed story's articles are now (``cluster.consolidate``); None when the
        story was never absorbed."""
        ...

    def story_articles(self, story_ids: Collection[int]) -> dict[int, list[ArticleRow]]: ...

    def family(self, family_id: int) -> list[ArticleRow]:
        """The articles of one family, oldest first."""
        ...

    def article(self, article_id: int) -> ArticleRow | None: ...

    def story_ids(self, article_ids: Collection[int]) -> dict[int, int]:
        """The story of each article found."""
        ...

    def texts(self, article_ids: Collection[int]) -> dict[int, tuple[str, str]]: ...

    def article_vectors(
        self, after_id: int = 0
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]: ...

    def entities(
        self,
        story_id: int | None = None,
        limit: int = 50,
        offset: int = 0,
        entity_id: int | None = None,
        min_versions: int = 1,
    ) -> list[Entity]: ...

    def entity(self, entity_id: int) -> Entity | None: ...

    def entity_ids(self, article_ids: Collection[int]) -> dict[int, set[int]]:
        """The entities each article asked for names."""
        ...
