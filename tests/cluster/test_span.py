from __future__ import annotations

import math

from polywire.cluster.span import EMPTY, Spans, extend, gap, story_time
from polywire.model import EventDate, StoryTime


def named(day: str) -> EventDate:
    return EventDate(day, "named", 0.9)


def test_a_span_runs_from_the_earliest_to_the_latest_day() -> None:
    span = extend(extend(EMPTY, named("2026-11-03")), named("2026-11-05"))
    assert gap(span, named("2026-11-04")) == 0
    assert gap(span, named("2026-11-17")) == 12
    assert gap(span, named("2026-10-31")) == 3


def test_unknown_on_either_side_is_no_gap() -> None:
    assert math.isnan(gap(EMPTY, named("2026-11-03")))
    assert math.isnan(gap(extend(EMPTY, named("2026-11-03")), EventDate()))


def test_a_day_without_its_year_is_as_near_as_its_nearest_year() -> None:
    span = extend(EMPTY, named("2024-10-03"))
    assert gap(span, named("--10-03")) == 0
    assert gap(span, named("--05-16")) == 140  # 16 May 2024
    new_year = extend(EMPTY, named("2026-12-30"))
    assert gap(new_year, named("--01-02")) == 3  # 2 January 2027


def test_days_without_a_year_make_an_arc_until_a_dated_day_places_them() -> None:
    span = extend(extend(EMPTY, named("--12-30")), named("--01-02"))
    assert gap(span, named("--12-31")) == 0  # the arc runs over the new year
    assert gap(span, named("--05-16")) > 100
    dated = extend(span, named("2027-01-01"))
    assert gap(dated, named("2026-12-30")) == 0
    assert gap(dated, named("2027-01-05")) == 3


def test_a_story_time_is_the_day_most_articles_name_in_the_year_one_gives() -> None:
    events = [
        named("2024-10-03"),
        named("--10-03"),
        named("--10-03"),
        EventDate("2024-10-04", "published", 0.5),
    ]
    assert story_time(events) == StoryTime("2024-10-03", "2024-10-03", "2024-10-04")
    assert story_time([named("--05-16")]) == StoryTime("--05-16", "--05-16", "--05-16")
    assert story_time([EventDate()]) == StoryTime()


def test_spans_are_kept_by_story() -> None:
    spans = Spans()
    spans.add(5000, named("2026-11-03"))
    assert spans.gap(5000, named("2026-11-17")) == 14
    assert math.isnan(spans.gap(7, named("2026-11-17")))
