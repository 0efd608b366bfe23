"""A consolidation's moves in the store, on both databases: families move, ids redirect."""

from __future__ import annotations

from polywire.model import Assignment, Placement, Regrouping
from polywire.store import Store
from tests.store.test_backends import WHEN, new


def test_a_family_moves_out_to_a_new_story_in_one_piece(store: Store) -> None:
    first = store.add(new(1), Assignment(None, None, None))
    wrong = store.add(new(2), Assignment(None, first.story, first.thread))
    translation = store.add(new(3, lang="ru"), Assignment(wrong.family, wrong.story, wrong.thread))
    alone = store.new_story(first.thread)
    store.regroup(Regrouping(families={wrong.family: alone}, threads={alone: first.thread}))
    detail = store.story(alone)
    assert detail is not None and list(detail.families) == [wrong.family]
    assert {r.id for r in detail.articles} == {2, 3} and translation.family == wrong.family
    kept = store.story(first.story)
    assert kept is not None and [r.id for r in kept.articles] == [1]
    assert store.story_moved_to(first.story) is None  # split, not absorbed


def test_an_absorbed_story_redirects_over_every_hop(store: Store) -> None:
    placed = [store.add(new(n), Assignment(None, None, None)) for n in (1, 2, 3)]
    one, two, three = (p.story for p in placed)
    store.regroup(Regrouping(merged={one: two}, threads={two: placed[1].thread}))
    assert store.story(one) is None
    assert store.story_moved_to(one) == two
    store.regroup(Regrouping(merged={two: three}, threads={three: placed[2].thread}))
    assert store.story_moved_to(one) == three and store.story_moved_to(two) == three
    assert store.story_moved_to(three) is None and store.story_moved_to(999) is None
    detail = store.story(three)
    assert detail is not None and detail.summary.articles == 3
    assert {r.thread for r in detail.articles} == {placed[2].thread}
    # The threads the absorbed stories lived in alone are gone; their ids are never given again.
    assert {s.id for s in store.stories()} == {three}
    later = store.add(new(4), Assignment(None, None, None))
    assert later.story not in (one, two)


def test_a_merge_into_a_story_that_moved_thread(store: Store) -> None:
    first = store.add(new(1), Assignment(None, None, None))
    second = store.add(new(2), Assignment(None, None, None))
    related = store.add(new(3), Assignment(None, None, None))
    store.regroup(
        Regrouping(merged={first.story: second.story}, threads={second.story: related.thread})
    )
    found = store.story(second.story)
    assert found is not None
    assert {r.thread for r in found.articles} == {related.thread}
    assert [r.id for r in found.articles] == [1, 2]
    assert found.thread == related.thread
    assert Placement(first.family, second.story, related.thread) in {
        Placement(r.family, r.story, r.thread) for r in found.articles
    }


def spans(store: Store) -> dict[int, tuple[int, int, int]]:
    """Each listed story's article count and the hours of its first and last article."""
    return {
        s.id: (s.articles, s.first_seen.hour, s.last_seen.hour) for s in store.stories(limit=99)
    }


def test_the_list_counts_and_spans_stories_as_families_move_and_merge(store: Store) -> None:
    first = store.add(new(1), Assignment(None, None, None))
    moved = store.add(new(5), Assignment(None, first.story, first.thread))
    store.add(new(3, lang="ru"), Assignment(moved.family, first.story, first.thread))
    other = store.add(new(2), Assignment(None, None, None))
    assert spans(store) == {first.story: (3, 1, 5), other.story: (1, 2, 2)}
    alone = store.new_story(first.thread)
    assert spans(store) == {first.story: (3, 1, 5), other.story: (1, 2, 2)}  # empty: unlisted
    store.regroup(Regrouping(families={moved.family: alone}, threads={alone: first.thread}))
    assert spans(store) == {first.story: (1, 1, 1), other.story: (1, 2, 2), alone: (2, 3, 5)}
    assert [s.id for s in store.stories()] == [alone, other.story, first.story]
    store.regroup(Regrouping(merged={alone: other.story}))
    assert spans(store) == {first.story: (1, 1, 1), other.story: (3, 2, 5)}
    assert [s.id for s in store.stories(since=WHEN.replace(hour=4))] == [other.story]
    assert [s.id for s in store.stories(until=WHEN.replace(hour=1))] == [first.story]
    assert [s.id for s in store.stories(lang="ru")] == [other.story]
