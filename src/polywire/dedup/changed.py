"""Where a near-duplicate differs from its twin: the lines one has and the other lacks.

Lines are compared whole and counted, so a repeated paragraph is a change and a
moved one is not.
"""

from __future__ import annotations

from collections import Counter


def lines_only_in(text: str, other: str) -> list[str]:
    """The lines of ``text`` that ``other`` lacks, as often as it lacks them, blank ones
    aside."""
    lacking = Counter(text.split("\n")) - Counter(other.split("\n"))
    return [line for line in lacking.elements() if line.strip()]
