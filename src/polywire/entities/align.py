"""Names that were translated, not transliterated, linked by what they mean.

Кубок Райдера and Ryder Cup, Avropa İttifaqı and European Union share no key.
When an article joins a family (another version of the same text), each of its
names that no key links to its story is compared, by its encoder vector, with
the names the family's versions in other languages give and this article has
not matched. Two names that are each other's closest, and close enough, are
one entity. Closeness is the cosine of their vectors, less a cost for the
distance between where each first occurs: a translation keeps its names at about
the same places, while a merely similar name (Science, Research) is often far
away. Outside a family, two articles name different things too often for this
to be safe.

Only a sure pair, one that would still pass a tenth of the text farther apart
than it is, gives the entity its name's keys, for later articles to link by: a
closer call links this article's name alone, so a mistake stays in one
article.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence, Set
from dataclasses import replace
from typing import Any

import numpy as np

from polywire.embed.base import Encoder, Vectors
from polywire.model import KnownName, Mention

# A tenth of the text: how far apart names count whose places are unknown (stored before
# places were), and how much farther apart a pair must still pass for its keys to link
# later articles.
_APART = 0.1


def known_names(keys: Sequence[Any], forms: Sequence[Any]) -> list[KnownName]:
    """A family's names from its (entity_id, key) rows and its (entity_id, lang, form,
    position) rows, the most used form first: an entity's first form in a language is
    kept, and its earliest position there."""
    known: dict[int, set[str]] = {}
    for entity, key in keys:
        known.setdefault(entity, set()).add(key)
    names = {entity: KnownName(entity, frozenset(ks), {}) for entity, ks in known.items()}
    for row in forms:
        name = names.setdefault(row.entity_id, KnownName(row.entity_id, frozenset(), {}))
        name.forms.setdefault(row.lang, row.form)
        if row.position is not None:
            name.positions[row.lang] = min(row.position, name.positions.get(row.lang, row.position))
    return [names[entity] for entity in sorted(names)]


class NameAligner:
    """Aligns an article's unlinked names with its family's names in other languages.

    A pair needs a cosine similarity of ``threshold`` plus ``distance_cost`` times the
    share of the text between the two names' first occurrences. Vectors are kept for
    the last ``cache_size`` forms: a name recurs in every version and article.
    """

    def __init__(
        self,
        encoder: Encoder,
        threshold: float,
        distance_cost: float,
        cache_size: int = 20_000,
    ) -> None:
        self.encoder = encoder
        self.threshold = threshold
        self.distance_cost = distance_cost
        self.cache_size = cache_size
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()

    def align(
        self,
        mentions: Sequence[Mention],
        lang: str,
        story_keys: Set[str],
        family_names: Callable[[], Sequence[KnownName]],
    ) -> list[Mention]:
        """``mentions``, with those that translate a family name pointing to its entity.

        ``story_keys`` are the keys of the story's names, which ``mentions`` were
        linked by; ``family_names`` reads the family's names, and is called only
        when some mention matched none of those keys.
        """
        unlinked = [i for i, m in enumerate(mentions) if story_keys.isdisjoint(m.lookup)]
        if not unlinked:
            return list(mentions)
        linked = {key for m in mentions if not story_keys.isdisjoint(m.lookup) for key in m.lookup}
        candidates = [
            name
            for name in family_names()
            if name.forms and lang not in name.forms and name.keys.isdisjoint(linked)
        ]
        if not candidates:
            return list(mentions)
        forms = [(name, language) for name in candidates for language in name.forms]
        # One model call for both sides: in the pipeline each call may wait for the worker's.
        both = self._embed(
            [mentions[i].form for i in unlinked]
            + [name.forms[language] for name, language in forms]
        )
        mine, theirs = both[: len(unlinked)], both[len(unlinked) :]
        apart = _distances(
            [mentions[i].position for i in unlinked],
            [name.positions.get(language) for name, language in forms],
        )
        starts = np.cumsum([0] + [len(name.forms) for name in candidates[:-1]])
        # A candidate scores by its closest form: one language may render it nearer than another.
        scores = np.maximum.reduceat(mine @ theirs.T - self.distance_cost * apart, starts, axis=1)
        aligned = list(mentions)
        for row, index in enumerate(unlinked):
            column = int(scores[row].argmax())
            if scores[row, column] >= self.threshold and int(scores[:, column].argmax()) == row:
                mention = mentions[index]
                sure = scores[row, column] >= self.threshold + self.distance_cost * _APART
                aligned[index] = replace(
                    mention,
                    entity=candidates[column].entity,
                    register=mention.register if sure else (),
                )
        return aligned

    def _embed(self, forms: list[str]) -> Vectors:
        missing = list(dict.fromkeys(form for form in forms if form not in self._vectors))
        if missing:
            # Copies: a row kept alone must not keep its whole batch alive.
            vectors = self.encoder.encode(missing)
            self._vectors.update((form, v.copy()) for form, v in zip(missing, vectors, strict=True))
        for form in forms:
            self._vectors.move_to_end(form)
        rows = np.stack([self._vectors[form] for form in forms])
        while len(self._vectors) > self.cache_size:
            self._vectors.popitem(last=False)
        return rows


def _distances(mine: list[float | None], theirs: list[float | None]) -> Vectors:
    """How far apart each of my names and each of theirs first occur, as a share of text."""
    rows = np.array(mine, dtype=np.float32)[:, None]
    columns = np.array(theirs, dtype=np.float32)[None, :]
    apart: Vectors = np.abs(rows - columns)
    apart[np.isnan(apart)] = _APART
    return apart
