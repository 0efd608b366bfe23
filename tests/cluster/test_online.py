"""The online clusterer on small hand-made points, with a hand-made rule set."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from polywire.cluster import (
    FEATURES,
    LinearRule,
    ModelParams,
    OnlineClusterer,
    Point,
    cluster_in_memory,
)
from polywire.cluster.online import SecondOpinion
from polywire.model import EventDate, Placement

DIM = 4
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def rule(dense: float, bias: float) -> LinearRule:
    """A rule on dense similarity alone: joins above ``-bias / dense``."""
    return LinearRule((dense,) + (0.0,) * (len(FEATURES) - 1), bias)


PARAMS = ModelParams(
    encoder="test",
    fitted_on=[],
    background=np.zeros(DIM, dtype=np.float32),
    language_background={},
    family=rule(10.0, -9.0),  # dense > 0.9
    story=rule(10.0, -6.0),  # mean dense > 0.6
    thread=rule(10.0, -3.0),  # mean dense > 0.3
)


def point(*xs: float, lang: str = "en", time: datetime | None = T0) -> Point:
    v = np.array(xs, dtype=np.float32)
    return Point(v / np.linalg.norm(v), time, lang, frozenset(), {}, frozenset())


def angle(cos: float) -> Point:
    """A unit vector at the given cosine to (1, 0, 0, 0)."""
    return point(cos, float(np.sqrt(1 - cos * cos)), 0, 0)


def test_family_story_thread_and_new_are_told_apart() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    placed = cluster_in_memory(
        clusterer,
        [point(1, 0, 0, 0), angle(0.95), angle(0.7), point(0.4, 0, 0.9165, 0), point(0, 0, 0, 1)],
    )
    first, translation, same_event, related, unrelated = placed
    assert translation == first
    assert same_event.family != first.family
    assert same_event.story == first.story
    assert related.story != first.story
    assert related.thread == first.thread
    assert unrelated.thread != first.thread
    assert len(clusterer) == 5


def test_story_needs_average_not_single_link() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    # Two members; the newcomer is close to one (0.8) and far from the other: mean < 0.6.
    a, b = point(1, 0, 0, 0), point(0, 1, 0, 0)
    placed = cluster_in_memory(clusterer, [a, b])
    assert placed[0].story != placed[1].story
    newcomer = angle(0.8)
    assert clusterer.predict_one(newcomer).story == placed[0].story
    joined = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    cluster_in_memory(joined, [a, angle(0.75)])  # one story of two
    far_side = point(0.6, -0.8, 0, 0)  # 0.6 to a, below 0.6 to the other
    assert joined.predict_one(far_side).story is None


def test_time_window_excludes_old_articles_but_not_undated_ones() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    cluster_in_memory(clusterer, [point(1, 0, 0, 0)])
    later = T0 + timedelta(days=31)
    assert clusterer.predict_one(point(1, 0, 0, 0, time=later)).family is None
    assert clusterer.predict_one(point(1, 0, 0, 0, time=None)).family is not None
    assert clusterer.predict_one(point(1, 0, 0, 0, time=T0 + timedelta(days=29))).family is not None


def test_window_grows_past_its_initial_capacity() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    rng = np.random.default_rng(0)
    points = [point(*rng.normal(size=DIM)) for _ in range(2500)]
    placed = cluster_in_memory(clusterer, points)
    assert len(clusterer) == 2500
    assert clusterer.predict_one(points[-1]).family == placed[-1].family


def test_a_growing_story_alone_in_its_thread_moves_to_the_thread_it_matches() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    # b1 alone is too far from A for its thread (0.2 < 0.3); with b2 the story's mean is 0.35.
    b1 = point(0.2, float(np.sqrt(0.96)), 0, 0)
    b2 = point(0.5, 0.612, 0.612, 0)  # joins b1's story (0.7 > 0.6), not A's (0.5)
    a, first, second = cluster_in_memory(clusterer, [point(1, 0, 0, 0), b1, b2])
    assert first.story == second.story != a.story
    assert first.thread == second.thread == a.thread


def test_a_story_counts_a_text_once_however_many_versions_it_has() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    original = point(1, 0, 0, 0)
    translations = [point(0.95, 0.312, 0, 0), point(0.95, 0.28, 0.14, 0)]
    # Another report: 0.7 to the original (above the story's 0.6), but 0.44 and 0.47 to the
    # translations, so 0.54 on average over the three articles.
    report = point(0.7, -0.714, 0, 0)
    placed = cluster_in_memory(clusterer, [original, *translations, report])
    assert placed[0].family == placed[1].family == placed[2].family != placed[3].family
    assert placed[3].story == placed[0].story


def test_a_grown_story_leaves_a_shared_thread_for_one_it_matches_better() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    a, c = point(1, 0, 0, 0), point(0, 0, 1, 0)
    # b1 leans to A (0.5 against 0.45), so it joins A's thread; b2 (0.55 to C, 0 to A) joins
    # b1's story (0.825), and the story now matches C's thread (mean 0.5) better than A's (0.25).
    b1, b2 = point(0.5, 0, 0.45, 0.74), point(0, 0.3, 0.55, 0.78)
    first_a, first_c, placed_b1, placed_b2 = cluster_in_memory(clusterer, [a, c, b1, b2])
    assert placed_b1.story == placed_b2.story not in {first_a.story, first_c.story}
    assert placed_b1.thread == placed_b2.thread == first_c.thread != first_a.thread
    assert clusterer.predict_one(b2).thread == first_c.thread


def test_a_story_that_stays_apart_keeps_its_thread() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    b1 = point(0.1, float(np.sqrt(0.99)), 0, 0)
    b2 = point(0.1, 0.8, 0.59, 0)
    a, first, second = cluster_in_memory(clusterer, [point(1, 0, 0, 0), b1, b2])
    assert first.story == second.story != a.story
    assert first.thread == second.thread != a.thread
    assert clusterer.regroup(first.story) is None  # a size it does not look again at


def dated(p: Point, day: str) -> Point:
    return replace(p, event=EventDate(day, "named", 0.9))


def test_an_article_far_outside_a_storys_days_starts_another_story_in_its_thread() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM, span_days=3)
    quake, follow_up, later, undated = cluster_in_memory(
        clusterer,
        [
            dated(point(1, 0, 0, 0), "2026-11-03"),
            dated(point(0.8, 0.6, 0, 0), "2026-11-05"),
            # Close enough to both (mean dense 0.72) to join their story, were it not later.
            dated(point(0.8, 0, 0.6, 0), "2026-11-17"),
            point(0.8, 0, 0, 0.6),
        ],
    )
    assert follow_up.story == quake.story  # within 3 days of the story's span
    assert later.story != quake.story and later.thread == quake.thread
    assert undated.story in (quake.story, later.story)  # no date: the text decides


def test_a_long_run_holds_one_window_and_never_proposes_an_old_article() -> None:
    """Dated articles across three windows, all of them alike: what is held stays bounded,
    the frequencies forget what left, and no candidate is older than the window."""
    window_days = 4
    clusterer = OnlineClusterer(PARAMS, window_days=window_days, dim=DIM)
    rng = np.random.default_rng(5)
    published: dict[int, datetime] = {}
    most = 0
    hours = 3 * window_days * 24
    for hour in range(hours):
        time = T0 + timedelta(hours=hour)
        vector = np.array([1.0, 0.0, 0.0, 0.0]) + 0.01 * rng.standard_normal(DIM)
        new = replace(point(*vector, time=time), terms={hour % 7: 1, 100 + hour: 1})
        for candidate in clusterer.candidates(new):
            assert time - published[candidate.family] <= timedelta(days=window_days)
        family = hour + 1
        published[family] = time
        clusterer.learn_one(new, Placement(family, 1, 1))
        most = max(most, len(clusterer))
    # A window and at most a slice (a quarter window) more, not the 288 articles seen.
    assert most <= window_days * 24 * 5 / 4 + 1 < hours
    assert len(clusterer) >= window_days * 24
    oldest = T0 + timedelta(hours=hours - 1, days=-window_days)
    assert all(published[p.family] >= oldest for p in clusterer.candidates(new))
    assert len(clusterer.candidates(new)) == 32
    # Article ``hour`` held the word 100 + hour: the words of those that left are forgotten.
    frequencies = clusterer._frequencies.weigh("en", {100: 1, 100 + hours - 1: 1})
    assert frequencies[100] > frequencies[100 + hours - 1]


def test_an_undated_article_leaves_with_the_dated_ones_it_arrived_among() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=1, dim=DIM)
    clusterer.learn_one(point(1, 0, 0, 0), Placement(1, 1, 1))
    clusterer.learn_one(point(1, 0, 0, 0, time=None), Placement(2, 2, 2))
    assert len(clusterer) == 2
    clusterer.learn_one(point(0, 1, 0, 0, time=T0 + timedelta(days=3)), Placement(3, 3, 3))
    assert len(clusterer) == 1
    assert clusterer.candidates(point(1, 0, 0, 0, time=None)) == [Placement(3, 3, 3)]


def test_an_undated_article_is_a_candidate_for_a_dated_one_of_any_time() -> None:
    """Its event may lie anywhere in time: an archive's report of long before the latest one
    seen still finds it, as it finds the reports of its own time the floor keeps."""
    clusterer = OnlineClusterer(PARAMS, window_days=1, dim=DIM, keep_articles=10)
    clusterer.learn_one(point(0, 1, 0, 0, time=T0 + timedelta(days=400)), Placement(1, 1, 1))
    clusterer.learn_one(point(1, 0, 0, 0, time=None), Placement(2, 2, 2))
    clusterer.learn_one(point(1, 0, 0, 0, time=T0), Placement(3, 3, 3))
    assert Placement(2, 2, 2) in clusterer.candidates(point(1, 0, 0, 0, time=T0))
    assert Placement(3, 3, 3) in clusterer.candidates(point(1, 0, 0, 0, time=T0))


def test_a_second_opinion_decides_the_families_in_its_band() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    clusterer.learn_one(point(1, 0, 0, 0), Placement(1, 1, 1))
    asked: list[int] = []

    def opinion(agrees: bool) -> SecondOpinion:
        def ask(family: int) -> bool:
            asked.append(family)
            return agrees

        return SecondOpinion(-2.0, 0.3, ask)

    german = replace(angle(0.8), lang="de")  # the family rule: 10 * 0.8 - 9 = -1
    assert clusterer.predict_one(german, opinion(True)).family == 1
    assert clusterer.predict_one(german, opinion(False)).family is None
    assert clusterer.predict_one(german).family is None
    assert asked == [1, 1]
    # In the family's own language the rule decides alone.
    assert clusterer.predict_one(angle(0.8), opinion(True)).family is None
    assert clusterer.predict_one(angle(0.92), opinion(False)).family == 1
    # Above 0 in the band the opinion may refuse; above the band the rule joins alone.
    assert clusterer.predict_one(replace(angle(0.92), lang="de"), opinion(False)).family is None
    assert clusterer.predict_one(replace(angle(0.95), lang="de"), opinion(False)).family == 1
    assert asked == [1, 1, 1]


def test_where_the_second_opinion_abstains_the_rule_decides() -> None:
    clusterer = OnlineClusterer(PARAMS, window_days=30, dim=DIM)
    clusterer.learn_one(point(1, 0, 0, 0), Placement(1, 1, 1))
    abstains = SecondOpinion(-2.0, 0.3, lambda family: None)
    assert clusterer.predict_one(replace(angle(0.8), lang="de"), abstains).family is None  # -1
    assert clusterer.predict_one(replace(angle(0.92), lang="de"), abstains).family == 1  # +0.2
