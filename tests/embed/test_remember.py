from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from polywire.embed import Encoder, Remembering
from polywire.embed.base import Vectors


class Counting(Encoder):
    """The real encoder, with a record of what it was asked."""

    def __init__(self, encoder: Encoder) -> None:
        self.name, self.dim = encoder.name, encoder.dim
        self._encoder = encoder
        self.asked: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.asked.append(list(texts))
        return self._encoder.encode(texts)


def test_each_text_is_embedded_once_and_given_back_in_order(encoder: Encoder) -> None:
    counting = Counting(encoder)
    remembering = Remembering(counting)
    first = remembering.encode(["Baku", "Minsk", "Baku"])
    second = remembering.encode(["Minsk", "Ankara"])
    assert counting.asked == [["Baku", "Minsk"], ["Ankara"]]
    assert np.array_equal(first[0], first[2])
    assert np.array_equal(second[0], first[1])
    assert np.allclose(second, encoder.encode(["Minsk", "Ankara"]), atol=1e-6)
    assert remembering.encode([]).shape == (0, encoder.dim)
    assert counting.asked[-1] == ["Ankara"]  # nothing new: the model was not asked
