from __future__ import annotations

import pytest

from polywire.extract.sentences import split_sentences


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        (
            "Lukashenko met Asadov on October 3. The talks were held in Minsk.",
            ["Lukashenko met Asadov on October 3.", "The talks were held in Minsk."],
        ),
        (
            "«Мы не дружим против третьих стран», — сказал он. Визит продолжится завтра.",
            ["«Мы не дружим против третьих стран», — сказал он.", "Визит продолжится завтра."],
        ),
        (
            "وقال لوكاشينكو إن العلاقات قوية. وأضاف أن التعاون سيستمر.",
            ["وقال لوكاشينكو إن العلاقات قوية.", "وأضاف أن التعاون سيستمر."],
        ),
        (
            "U.S. officials said 3.5 percent. Dr. Smith agreed?",
            ["U.S. officials said 3.5 percent.", "Dr. Smith agreed?"],
        ),
        ("no end punctuation here", ["no end punctuation here"]),
        ("", []),
    ],
)
def test_sentences_in_several_scripts(paragraph: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph) == sentences
