"""The fitted clustering model: a small versioned JSON file per encoder.

``scripts/fit_params.py`` writes it from the dev data; nothing in it is set by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT_VERSION = 4


@dataclass(frozen=True)
class LinearRule:
    """A logistic decision over pair features (``features.FEATURES``, in that order)."""

    weights: tuple[float, ...]
    bias: float

    def logits(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """One logit per row of an (n, len(weights)) feature matrix."""
        logits: npt.NDArray[np.float64] = features @ np.asarray(self.weights) + self.bias
        return logits

    @property
    def dense_only(self) -> bool:
        """Whether the rule reads nothing but the first feature, dense similarity."""
        return not any(self.weights[1:])

    def as_dict(self) -> dict[str, Any]:
        return {"weights": list(self.weights), "bias": self.bias}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> LinearRule:
        return cls(tuple(float(w) for w in raw["weights"]), float(raw["bias"]))


@dataclass(frozen=True)
class ModelParams:
    encoder: str
    fitted_on: list[str]
    background: npt.NDArray[np.float32]
    """Mean vector of all dev texts: subtracting it spreads the compressed cosines apart."""
    language_background: dict[str, npt.NDArray[np.float32]]
    """Per-language means, which also remove what only says "this is Russian"."""
    family: LinearRule
    """Is a pair the same text? Joins the family of the best candidate above 0."""
    story: LinearRule
    """Is a pair the same event? Joins the story whose mean logit over its articles is above 0."""
    thread: LinearRule
    """Are a pair's events related? Joins the thread whose mean logit is above 0."""
    number_rarity: tuple[float, ...] = ()
    """Weight of a shared number of each kind (``features.NUMBER_CLASSES``): the inverse
    document frequency of a typical number of that kind. Empty: every number weighs 1."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT_VERSION,
                "encoder": self.encoder,
                "fitted_on": self.fitted_on,
                "family": self.family.as_dict(),
                "story": self.story.as_dict(),
                "thread": self.thread.as_dict(),
                "number_rarity": list(self.number_rarity),
                "background": _rounded(self.background),
                "language_background": {
                    lang: _rounded(mean) for lang, mean in sorted(self.language_background.items())
                },
            },
            indent=1,
        )


def _rounded(vector: npt.NDArray[np.float32]) -> list[float]:
    return [round(float(x), 5) for x in vector]


def params_path(encoder: str) -> Path:
    return Path(str(resources.files("polywire.cluster") / "params" / f"{encoder}.json"))


def load_params(encoder: str, path: Path | None = None) -> ModelParams:
    source = path or params_path(encoder)
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(
            f"no fitted clustering model for encoder {encoder!r} ({source}); "
            "run scripts/fit_params.py"
        ) from None
    if raw.get("format") != FORMAT_VERSION or raw.get("encoder") != encoder:
        raise ValueError(f"{source} is not a format-{FORMAT_VERSION} model for {encoder!r}")
    return ModelParams(
        encoder=encoder,
        fitted_on=list(raw["fitted_on"]),
        background=np.asarray(raw["background"], dtype=np.float32),
        language_background={
            lang: np.asarray(mean, dtype=np.float32)
            for lang, mean in raw["language_background"].items()
        },
        family=LinearRule.from_dict(raw["family"]),
        story=LinearRule.from_dict(raw["story"]),
        thread=LinearRule.from_dict(raw["thread"]),
        number_rarity=tuple(float(x) for x in raw["number_rarity"]),
    )
