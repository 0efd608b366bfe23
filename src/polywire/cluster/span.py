"""A story in time: the event days its articles give, and how far a new one lies outside them.

A story's span runs from the earliest to the latest event day of its
articles. Days named without their year ("3 October" in an undated article)
are held as an arc of the calendar instead, until a dated article places
them in its year; a day without its year is as near a span as its nearest
year makes it.

A span is four floats: the first and last day (proleptic ordinals) and the
arc's start and length (in days of a leap year); NaN where there is none.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date, timedelta

from polywire.model import EventDate, StoryTime
from polywire.timeutil import nearest_day

Span = tuple[float, float, float, float]
EMPTY: Span = (math.nan, math.nan, math.nan, math.nan)
_YEAR = 366
"""Days of the calendar an arc lives on: that of a leap year, so that 29 February has one."""


def extend(span: Span, event: EventDate) -> Span:
    """The span with ``event``'s day in it (unchanged when the day is unknown)."""
    first, last, arc, length = span
    full, month_day = event.full_date, event.month_day
    if month_day is None:
        return span
    if full is None and math.isnan(first):
        return (first, last, *_extend_arc(arc, length, _day_of_year(month_day)))
    if full is None:
        full = _nearest(month_day, span)
    if not math.isnan(arc):
        # The year-less days so far fall in the year nearest this dated one.
        start = nearest_day(*_month_day(arc), full)
        first, last = start.toordinal(), start.toordinal() + length
    day = full.toordinal()
    return (
        float(day if math.isnan(first) else min(first, day)),
        float(day if math.isnan(last) else max(last, day)),
        math.nan,
        math.nan,
    )


def gap(span: Span, event: EventDate) -> float:
    """How many days ``event``'s day lies outside the span: 0 within it, NaN when the event or
    the span is unknown."""
    first, last, arc, length = span
    full, month_day = event.full_date, event.month_day
    if month_day is None:
        return math.nan
    if not math.isnan(first):
        day = (full or _nearest(month_day, span)).toordinal()
        return float(max(first - day, day - last, 0))
    if math.isnan(arc):
        return math.nan
    offset = (_day_of_year(month_day) - arc) % _YEAR
    return float(0 if offset <= length else min(offset - length, _YEAR - offset))


def story_time(events: Iterable[EventDate]) -> StoryTime:
    """A story's event day (the one most of its articles give) and its span."""
    known = [event for event in events if event.month_day is not None]
    span = EMPTY
    for event in known:
        span = extend(span, event)
    first, last, arc, length = span
    if not math.isnan(first):
        ends = [date.fromordinal(int(first)).isoformat(), date.fromordinal(int(last)).isoformat()]
    elif not math.isnan(arc):
        ends = [_year_less(_month_day(d)) for d in (arc, (arc + length) % _YEAR)]
    else:
        return StoryTime()
    named = [event for event in known if event.source == "named"] or known
    days = Counter(_placed(event, span) for event in named)
    day = min(days, key=lambda d: (-days[d], d))
    return StoryTime(day=day, first=ends[0], last=ends[1])


def _placed(event: EventDate, span: Span) -> str:
    """The event's day, in the year the story's span puts it in when it names none."""
    full, month_day = event.full_date, event.month_day
    assert month_day is not None
    if full is not None:
        return full.isoformat()
    if math.isnan(span[0]):
        return _year_less(month_day)
    return _nearest(month_day, span).isoformat()


class Spans:
    """The span of each story in the window, by story id."""

    def __init__(self) -> None:
        self._spans: dict[int, Span] = {}

    def add(self, story: int, event: EventDate) -> None:
        self._spans[story] = extend(self.span(story), event)

    def span(self, story: int) -> Span:
        return self._spans.get(story, EMPTY)

    def gap(self, story: int, event: EventDate) -> float:
        return gap(self.span(story), event)

    def reset(self, story: int, events: Iterable[EventDate]) -> None:
        """The story's span anew from its articles' events (after a consolidation moved some)."""
        span = EMPTY
        for event in events:
            span = extend(span, event)
        self._spans[story] = span

    def keep(self, stories: Collection[int]) -> None:
        """Forget the spans of stories not in ``stories`` (those that left the window)."""
        self._spans = {story: span for story, span in self._spans.items() if story in stories}


def _day_of_year(month_day: tuple[int, int]) -> float:
    return float(date(2000, *month_day).timetuple().tm_yday - 1)


def _month_day(day_of_year: float) -> tuple[int, int]:
    day = date(2000, 1, 1) + timedelta(days=int(day_of_year))
    return day.month, day.day


def _year_less(month_day: tuple[int, int]) -> str:
    return "--{:02d}-{:02d}".format(*month_day)


def _nearest(month_day: tuple[int, int], span: Span) -> date:
    """The month and day in the year that brings them nearest a dated span."""
    return nearest_day(*month_day, date.fromordinal(int(span[0])), date.fromordinal(int(span[1])))


def _extend_arc(arc: float, length: float, day: float) -> tuple[float, float]:
    """The shortest arc holding the arc (none when NaN) and ``day``."""
    if math.isnan(arc):
        return day, 0.0
    offset = (day - arc) % _YEAR
    if offset <= length:
        return arc, length
    forward, backward = offset, length + _YEAR - offset
    return (arc, forward) if forward <= backward else (day, backward)
