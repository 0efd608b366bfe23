"""Language tags as the detector writes them, whatever a source declared."""

from __future__ import annotations

import langcodes

UNDETERMINED = "und"


def standard_tag(tag: str) -> str:
    """ISO 639-1 where the language has a code there, as the detector's own tags are: a
    source's "eng" or "EN" is "en", Standard Arabic's "arb" is "ar"; "und" for no tag at all."""
    try:
        return str(langcodes.standardize_tag(tag.strip(), macro=True))
    except ValueError:  # langcodes' LanguageTagError is one
        return UNDETERMINED


def known_tag(tag: str) -> str:
    """``standard_tag`` of a tag that names a known language.

    Raises ``ValueError`` for anything else ("xx", "english", "und"), so that a
    filter on a language no article can have is an error, not an empty answer.
    """
    cleaned = tag.strip()
    if cleaned.lower() == UNDETERMINED or not langcodes.tag_is_valid(cleaned):
        raise ValueError(
            f"unknown language tag {tag!r}: use a code such as en, ru, az, ar (or eng, rus)"
        )
    return standard_tag(cleaned)
