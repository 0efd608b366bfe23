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
