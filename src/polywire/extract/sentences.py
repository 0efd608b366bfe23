"""Sentence splitting that needs no language model: punctuation, then what follows it.

A sentence ends at . ! ? … 。 ؟ (with any closing quotes) when the next word
starts like a sentence: a capital, a letter of a script without case (Arabic,
CJK), a digit or an opening quote. A one- or two-letter word before a full stop
("U.S.", "Dr.") is taken for an abbreviation.
"""

from __future__ import annotations

import re

_END = re.compile(r"""[.!?…。؟]+["'”»’)\]]*\s+""")
_OPENING = "\"'“«„‘([—–-"


def split_sentences(paragraph: str) -> list[str]:
    sentences, start = [], 0
    for end in _END.finditer(paragraph):
        after = paragraph[end.end() : end.end() + 1]
        if after and _starts_sentence(after) and not _abbreviation(paragraph[start : end.start()]):
            sentences.append(paragraph[start : end.end()].strip())
            start = end.end()
    rest = paragraph[start:].strip()
    return [*sentences, rest] if rest else sentences


def _starts_sentence(char: str) -> bool:
    uncased = char.isalpha() and not char.islower() and not char.isupper()
    return char.isupper() or uncased or char.isdigit() or char in _OPENING


def _abbreviation(text: str) -> bool:
    words = text.split()
    return bool(words) and len(words[-1].rstrip(".")) <= 2 and words[-1][:1].isupper()
