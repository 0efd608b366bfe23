"""Small helpers every command prints with."""

from __future__ import annotations

import pytest

from polywire.cli.common import duration, plural


def test_counts_read_as_words() -> None:
    assert plural(1, "version") == "1 version"
    assert plural(4, "version") == "4 versions"
    assert plural(0, "story", "stories") == "0 stories"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(12, "12 s"), (600, "10 min"), (3 * 3600, "3.0 h"), (53811 * 60, "37.4 days")],
)
def test_durations_read_in_a_sensible_unit(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown
