from polywire.dedup import added_lines

TWIN = "Talks in Minsk\n\nAliyev met Lukashenko.\n\nTrade grew by a third."


def test_a_copy_adds_its_changed_and_new_lines_only() -> None:
    copy = TWIN.replace("grew", "has grown") + "\n\nAsadov joined them later.\n"
    assert added_lines(TWIN, copy) == {4, 6}


def test_lines_moved_or_repeated_add_nothing() -> None:
    lines = TWIN.split("\n")
    assert added_lines(TWIN, "\n".join(reversed(lines + lines))) == frozenset()
