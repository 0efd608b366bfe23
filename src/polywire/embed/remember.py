"""An encoder that embeds each text once: scoring one file in several orders costs one pass."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from polywire.embed.base import Encoder, Vectors


class Remembering(Encoder):
    """Wraps another encoder and keeps every vector it gave, by text."""

    def __init__(self, encoder: Encoder) -> None:
        self.name, self.dim = encoder.name, encoder.dim
        self._encoder = encoder
        self._seen: dict[str, npt.NDArray[np.float32]] = {}

    def encode(self, texts: Sequence[str]) -> Vectors:
        new = [text for text in dict.fromkeys(texts) if text not in self._seen]
        if new:
            self._seen.update(zip(new, self._encoder.encode(new), strict=True))
        return np.array([self._seen[text] for text in texts], dtype=np.float32).reshape(
            len(texts), self.dim
        )
