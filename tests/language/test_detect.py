from __future__ import annotations

import pytest

from polywire.language import article_language, detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Беларусь и Азербайджан укрепляют двусторонние связи", "ru"),
        ("Belarus və Azərbaycan ikitərəfli əlaqələri möhkəmləndirir", "az"),
        ("تعمل بيلاروسيا وأذربيجان على تعزيز العلاقات الثنائية", "ar"),
        ("Belarus and Azerbaijan strengthen bilateral ties", "en"),
        ("Die Europäische Zentralbank lässt die Leitzinsen unverändert", "de"),
        ("Malatya'da 6,1 büyüklüğünde deprem meydana geldi", "tr"),
    ],
)
def test_languages_of_our_corpus(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_no_text_is_undetermined() -> None:
    assert detect_language("  \n ") == "und"
    assert detect_language("12345 ---") == "und"


SCORELINE = "Tashkent – Baku – Ankara: 2:1, 3:0, 1:1"
"""Three names and scores: the model cannot tell their language."""


def test_the_model_overrules_a_declared_language() -> None:
    assert article_language("Belarus and Azerbaijan strengthen bilateral ties", "ru") == "en"


def test_a_declared_language_counts_as_a_standard_tag_where_the_model_cannot_tell() -> None:
    assert detect_language(SCORELINE) == "und"
    assert article_language(SCORELINE, "aze") == "az"
    assert article_language(SCORELINE, None) == "und"
