"""Names that were translated, not transliterated, linked by what they mean.

Кубок Райдера and Ryder Cup, Avropa İttifaqı and European Union share no key.
When an article joins a family (another version of the same text), each of its
names that no key links to its story is compared, by its encoder vector, with
the names the family's versions in other languages give and this article has
not matched. Two names that are each other's closest, and close enough, are
one entity. Outside a family, two articles name different things too often for
this to be safe.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence, Set
from dataclasses import replace

import numpy as np

from polywire.embed.base import Encoder, Vectors
from polywire.model import KnownName, Mention


class NameAligner:
    """Aligns an article's unlinked names with its family's names in other languages.

    ``threshold`` is the cosine similarity a pair needs. Vectors are kept for the
    last ``cache_size`` forms: a name recurs in every version and article.
    """

    def __init__(self, encoder: Encoder, threshold: float, cache_size: int = 20_000) -> None:
        self.encoder = encoder
        self.threshold = threshold
        self.cache_size = cache_size
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()

    def align(
        self,
        mentions: Sequence[Mention],
        lang: str,
        story_keys: Set[str],
        family_names: Callable[[], list[KnownName]],
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
        mine = self._embed([mentions[i].form for i in unlinked])
        theirs = self._embed([form for name in candidates for form in name.forms.values()])
        starts = np.cumsum([0] + [len(name.forms) for name in candidates[:-1]])
        # A candidate scores by its closest form: one language may render it nearer than another.
        scores = np.maximum.reduceat(mine @ theirs.T, starts, axis=1)
        aligned = list(mentions)
        for row, index in enumerate(unlinked):
            column = int(scores[row].argmax())
            if scores[row, column] >= self.threshold and int(scores[:, column].argmax()) == row:
                aligned[index] = replace(mentions[index], entity=candidates[column].entity)
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
