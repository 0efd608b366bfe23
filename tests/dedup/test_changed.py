from polywire.dedup import lines_only_in

TWIN = "Talks in Minsk\n\nAliyev met Lukashenko.\n\nTrade grew by a third."


def test_a_copys_changed_and_added_lines_are_its_own_and_the_twins_old_ones_are_not() -> None:
    copy = TWIN.replace("grew", "has grown") + "\n\nAsadov joined them later.\n  \n"
    assert lines_only_in(copy, TWIN) == ["Trade has grown by a third.", "Asadov joined them later."]
    assert lines_only_in(TWIN, copy) == ["Trade grew by a third."]


def test_a_moved_line_is_no_change_but_a_repeated_one_is() -> None:
    moved = "\n".join(reversed(TWIN.split("\n")))
    assert lines_only_in(moved, TWIN) == [] and lines_only_in(TWIN, moved) == []
    repeated = TWIN + "\nAliyev met Lukashenko."
    assert lines_only_in(repeated, TWIN) == ["Aliyev met Lukashenko."]
