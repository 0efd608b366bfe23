"""Group membership as linked lists through arrays: order, growth and leaving."""

from __future__ import annotations

from polywire.cluster.groups import Groups


def test_members_come_newest_first_and_a_count_caps_them() -> None:
    groups = Groups()
    for index, group in enumerate([7, 3, 7, 7, 3]):
        groups.add(group, index)
    assert groups.newest(7, 10) == [3, 2, 0]
    assert groups.newest(7, 2) == [3, 2]
    assert groups.newest(3, 10) == [4, 1]
    assert groups.newest(5, 10) == []
    assert groups.newest(10**6, 10) == []  # a group never seen, past the arrays' end


def test_groups_and_members_grow_past_the_initial_capacity() -> None:
    groups = Groups()
    for index in range(5000):
        groups.add(index % 3 + 4000, index)
    assert groups.newest(4000, 3) == [4998, 4995, 4992]
    assert len(groups.newest(4002, 10**4)) == 1666


def test_a_member_leaves_from_the_middle_the_newest_or_the_oldest_end() -> None:
    groups = Groups()
    for index in range(5):
        groups.add(1, index)
    groups.remove(1, 2)
    assert groups.newest(1, 10) == [4, 3, 1, 0]
    groups.remove(1, 4)
    assert groups.newest(1, 10) == [3, 1, 0]
    groups.remove(1, 0)
    assert groups.newest(1, 10) == [3, 1]
    groups.add(1, 5)
    assert groups.newest(1, 10) == [5, 3, 1]


def test_a_member_that_moves_leaves_both_groups_whole() -> None:
    groups = Groups()
    for index, group in enumerate([1, 2, 1, 2, 1]):
        groups.add(group, index)
    groups.remove(1, 2)
    groups.add(2, 2)
    assert groups.newest(1, 10) == [4, 0]
    assert groups.newest(2, 10) == [2, 3, 1]
    groups.remove(1, 4)
    groups.remove(1, 0)
    assert groups.newest(1, 10) == []
    groups.add(1, 6)
    assert groups.newest(1, 10) == [6]
