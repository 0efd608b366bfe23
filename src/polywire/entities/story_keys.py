"""The keys each story's articles have named, kept in memory while a pipeline runs.

Reading them from the store for every new article costs a join over the whole
story, which grows with it; so they are read once per story and then kept up
to date as articles are placed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from polywire.model import Mention


class StoryKeys:
    def __init__(self, load: Callable[[int], dict[str, set[str]]], capacity: int = 10_000):
        self._load = load
        self._capacity = capacity
        self._stories: OrderedDict[int, dict[str, set[str]]] = OrderedDict()

    def languages(self, story: int) -> dict[str, int]:
        """Each key the story has named, with how many of its languages named it."""
        return {key: len(langs) for key, langs in self._of(story).items()}

    def add(self, story: int, lang: str, mentions: tuple[Mention, ...]) -> None:
        """Count ``lang`` for every key of each mention; the keys it was found by share the
        languages that named them before, as the store links them to one entity."""
        keys = self._of(story)
        for mention in mentions:
            group = set(mention.lookup) | set(mention.register)
            languages = {lang}.union(*(keys[key] for key in group if key in keys))
            for key in group:
                if key in keys or key in mention.register:
                    keys[key] = keys.get(key, set()) | languages

    def _of(self, story: int) -> dict[str, set[str]]:
        if story in self._stories:
            self._stories.move_to_end(story)
        else:
            self._stories[story] = self._load(story)
            if len(self._stories) > self._capacity:
                self._stories.popitem(last=False)
        return self._stories[story]
