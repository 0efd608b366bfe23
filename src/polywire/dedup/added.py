"""What a near-duplicate adds to its twin: the lines its twin does not have.

A copy's other lines say what its twin's say, so whatever was found in them
(names above all) is found already.
"""

from __future__ import annotations


def added_lines(twin: str, copy: str) -> frozenset[int]:
    """Indexes of the lines of ``copy`` that are in no line of ``twin``, blank ones aside."""
    have = set(twin.split("\n"))
    return frozenset(
        index for index, line in enumerate(copy.split("\n")) if line.strip() and line not in have
    )
