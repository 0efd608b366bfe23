from __future__ import annotations

import pytest

from polywire.language import standard_tag


@pytest.mark.parametrize(
    ("declared", "tag"),
    [
        ("en", "en"),
        ("EN", "en"),
        (" rus ", "ru"),
        ("eng", "en"),  # ISO 639-3, as ECB+ and NTREX write it
        ("aze", "az"),
        ("arb", "ar"),  # Standard Arabic: the macrolanguage's code
        ("ger", "de"),  # ISO 639-2/B
        ("pt-BR", "pt-BR"),
    ],
)
def test_declared_tags_read_as_the_detector_writes_them(declared: str, tag: str) -> None:
    assert standard_tag(declared) == tag


@pytest.mark.parametrize("declared", ["", "   ", "not a language tag", "x-y-z-123456789"])
def test_what_is_no_tag_is_undetermined(declared: str) -> None:
    assert standard_tag(declared) == "und"
