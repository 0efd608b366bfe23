"""Calendar dates written in the text ("3 октября", "oktyabrın 3-də", "October 3").

Two reports of one event name the same day; two reports of related events
(a visit in May, a meeting in October) name different ones.
"""

from __future__ import annotations

from polywire.language.months import named_days


def mentioned_dates(text: str, lang: str) -> frozenset[tuple[int, int]]:
    """(month, day) pairs written in the text."""
    return frozenset((named.month, named.day) for named in named_days(text, lang))
