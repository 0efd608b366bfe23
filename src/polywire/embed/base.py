"""The ``Encoder`` interface, and what text of an article gets embedded."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Encoder(ABC):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    @abstractmethod
    def encode(self, texts: Sequence[str]) -> Vectors:
        """An (n, dim) array, one row per text, in order."""


def lead_text(title: str, body: str, lead_chars: int) -> str:
    """Headline plus the start of the body, cut at a word boundary.

    Headline and lead carry the event; whole-article vectors make related
    but different articles look closer than true translations.
    """
    flat = " ".join(body.split())
    if flat.startswith(" ".join(title.split())):
        # A body that begins with its headline (a one-line brief is its own headline, a
        # scrape may keep the title in the text): the headline is read once, in the body.
        title = ""
    if len(flat) > lead_chars:
        flat = flat[:lead_chars].rsplit(" ", 1)[0]
    return f"{title}\n{flat}" if title else flat
