"""Consolidation on hand-made points: the rules of test_online (story: mean dense > 0.6)."""

from __future__ import annotations

import itertools
from dataclasses import replace

from polywire.cluster import OnlineClusterer, Point
from polywire.cluster.consolidate import consolidate
from polywire.model import EventDate, Placement, Regrouping
from tests.cluster.test_online import DIM, PARAMS, point


class Numbered:
    """Places points online as the pipeline does, numbering new groups from one counter."""

    def __init__(self) -> None:
        self.clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM, span_days=7, heal=True)
        self.counter = itertools.count(1)
        self.threads: dict[int, int] = {}

    def place(self, *points: Point) -> list[Placement]:
        placed = []
        for p in points:
            proposed = self.clusterer.predict_one(p)
            placement = Placement(
                family=proposed.family or next(self.counter),
                story=proposed.story or next(self.counter),
                thread=proposed.thread or next(self.counter),
            )
            self.clusterer.learn_one(p, placement)
            placed.append(placement)
        return placed

    def new_story(self, thread: int) -> int:
        story = next(self.counter)
        self.threads[story] = thread
        return story

    def consolidate(self) -> Regrouping:
        return consolidate(self.clusterer, self.new_story)

    def stories(self) -> list[int]:
        """Each held article's story, in order of arrival."""
        return [int(story) for story in self.clusterer.held.labels()[:, 1]]


def at(*xs: float, day: str | None = None) -> Point:
    event = EventDate(day, "named") if day else EventDate()
    return replace(point(*xs), event=event)


def test_a_wrong_early_merge_is_undone_and_the_larger_part_keeps_the_id() -> None:
    # b joins a (0.7) before c and d show what b's event is: close to b, far from a.
    numbered = Numbered()
    # Each pair of b, c, d scores 0.85: one event, three reports (no two are one text).
    a, b = at(1, 0, 0, 0), at(0.7, 0.714, 0, 0)
    c, d = at(0.4, 0.798, 0.45, 0), at(0.4, 0.798, 0.118, 0.435)
    placed = numbered.place(a, b, c, d)
    assert len({p.story for p in placed}) == 1  # online, one story
    story = placed[0].story
    regrouping = numbered.consolidate()
    stories = numbered.stories()
    assert stories[1:] == [story] * 3  # b, c, d: the larger part keeps the id
    assert stories[0] != story
    assert regrouping.families == {placed[0].family: stories[0]}
    assert regrouping.merged == {}
    # a's new story stays in the thread (related: 0.7 to b), and nothing moves again.
    assert numbered.threads[stories[0]] == placed[0].thread
    assert not numbered.consolidate()


def test_a_family_that_started_its_own_story_is_merged_and_its_id_absorbed() -> None:
    # Reversed arrival: p alone; q1 scores 0.55 to it (below 0.6) and starts a story; q2, q1's
    # translation, joins q1's family, though it scores 0.7 to p. Families count by their best
    # version, so the two stories are one.
    numbered = Numbered()
    p = at(1, 0, 0, 0)
    q1 = at(0.55, 0.835, 0, 0)
    q2 = at(0.7, 0.71, 0.05, 0)
    placed = numbered.place(p, q1, q2)
    assert placed[1].family == placed[2].family and placed[0].story != placed[1].story
    regrouping = numbered.consolidate()
    assert regrouping.merged == {placed[0].story: placed[1].story}  # two articles to one
    assert numbered.stories() == [placed[1].story] * 3
    assert regrouping.threads == {placed[1].story: placed[1].thread}


def test_a_story_whose_events_lie_apart_is_not_merged() -> None:
    numbered = Numbered()
    p = at(1, 0, 0, 0, day="2026-11-01")
    q1 = at(0.55, 0.835, 0, 0, day="2026-11-20")
    q2 = at(0.7, 0.71, 0.05, 0, day="2026-11-20")
    placed = numbered.place(p, q1, q2)
    assert not numbered.consolidate()
    assert numbered.stories() == [p.story for p in placed]


def test_only_the_stories_near_new_articles_are_looked_at() -> None:
    numbered = Numbered()
    p, q1, q2 = at(1, 0, 0, 0), at(0.55, 0.835, 0, 0), at(0.7, 0.71, 0.05, 0)
    numbered.place(p, q1, q2)
    numbered.clusterer.fresh = []  # as after a restart: consolidated already
    far = at(0, 0, 0, 1)
    numbered.place(far)
    assert not numbered.consolidate()
    assert len(set(numbered.stories())) == 3
