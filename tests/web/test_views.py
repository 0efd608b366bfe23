"""Every version of a family side by side, from each version's alignment with the original."""

from __future__ import annotations

from polywire.link import Bead
from polywire.web.views import AlignedRow, side_by_side


def test_rows_follow_the_original_and_a_merge_joins_two_of_its_sentences() -> None:
    original = ["H", "A", "B", "C"]
    one = (
        ["h1", "a1", "b1", "c1"],
        (Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,)), Bead((3,), (3,))),
    )
    # The second version says A and B in one sentence: A and B share a row in every column.
    two = (["h2", "ab2", "c2"], (Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), (2,))))
    rows = side_by_side(original, [one, two])
    assert [row.cells for row in rows] == [
        ["H", "h1", "h2"],
        ["A B", "a1 b1", "ab2"],
        ["C", "c1", "c2"],
    ]
    assert all(row.complete for row in rows)


def test_what_only_one_version_says_gets_its_own_row_where_it_falls() -> None:
    original = ["H", "A", "B"]
    extra = (
        ["h", "a", "new", "b", "tail"],
        (Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,)), Bead((2,), (3,)), Bead((), (4,))),
    )
    lacking = (["h", "b"], (Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,))))
    rows = side_by_side(original, [extra, lacking])
    assert rows == [
        AlignedRow(["H", "h", "h"]),
        AlignedRow(["A", "a", None]),
        AlignedRow([None, "new", None]),
        AlignedRow(["B", "b", "b"]),
        AlignedRow([None, "tail", None]),
    ]
    assert [row.complete for row in rows] == [True, False, False, True, False]


def test_a_version_without_an_alignment_shows_its_text_in_a_last_row() -> None:
    rows = side_by_side(["H", "A"], [(["x", "y"], ())])
    assert [row.cells for row in rows] == [["H", None], ["A", None], [None, "x y"]]
