from __future__ import annotations

import pytest

from polywire.language import detect_language


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
