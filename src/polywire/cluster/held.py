"""The clusterer's window, held in flat arrays.

A million held articles must fit in memory beside their vectors, so nothing
here is a Python object per article: each field is a column, and the ragged
ones (numbers, dates, terms, weights) are slices of one shared array. Only the
articles lately compared are also kept built (``BUILT``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt

from polywire.cluster.features import Point
from polywire.cluster.lexical import Weights
from polywire.model import EventDate, Placement

_INITIAL_CAPACITY = 1024
BUILT = 2048
"""Held articles kept built as ``point`` and ``weights`` give them, by key. A lookup compares
the new article with its neighbours' groups, the articles the lookups before it compared
too; building one from its columns costs more than scoring the pair. One built article of
~170 words takes ~24 kB: 2048 take ~50 MB at most (913 bench articles replayed with
``scripts/cluster_time.py``: 5.6 s of clusterer CPU with none built, 4.5 s with 256, 2.9 s
with 1024, 2.8 s with 4096)."""


@dataclass(frozen=True)
class _Built:
    """A held article's fields as Python objects (all but its vector, a view of a column)."""

    time: datetime | None
    lang: str
    numbers: frozenset[int]
    terms: dict[int, int]
    days: frozenset[tuple[int, int]]
    weights: Weights


class _Growing:
    """An array with amortised O(1) appends along its first axis."""

    def __init__(self, dtype: npt.DTypeLike, width: int = 0) -> None:
        shape = (_INITIAL_CAPACITY, width) if width else (_INITIAL_CAPACITY,)
        self.data: npt.NDArray[np.generic] = np.empty(shape, dtype=dtype)
        self.size = 0

    def extend(self, values: npt.ArrayLike) -> None:
        values = np.asarray(values, dtype=self.data.dtype)
        count = len(values) if values.ndim == self.data.ndim else 1
        needed = self.size + count
        if needed > len(self.data):
            capacity = max(needed, len(self.data) * 3 // 2)
            grown = np.empty((capacity, *self.data.shape[1:]), dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : needed] = values
        self.size = needed

    @property
    def view(self) -> npt.NDArray[np.generic]:
        return self.data[: self.size]

    def keep(self, kept: npt.NDArray[np.bool_]) -> None:
        """Keep the rows where ``kept`` is true, in order."""
        self.data = self.view[kept]
        self.size = len(self.data)

    def __getstate__(self) -> tuple[npt.NDArray[np.generic], int]:
        # What is held, not the room to grow.
        return self.view, self.size

    def __setstate__(self, state: tuple[npt.NDArray[np.generic], int]) -> None:
        self.data, self.size = state


class _Ragged:
    """Variable-length rows stored end to end, with their start offsets."""

    def __init__(self, dtype: npt.DTypeLike) -> None:
        self._values = _Growing(dtype)
        self._ends = _Growing(np.int64)

    def append(self, row: npt.ArrayLike) -> None:
        self._values.extend(np.asarray(row, dtype=self._values.data.dtype).reshape(-1))
        self._ends.extend(self._values.size)

    def __getitem__(self, index: int) -> npt.NDArray[np.generic]:
        ends = self._ends.data
        start = int(ends[index - 1]) if index else 0
        return self._values.data[start : int(ends[index])]

    def keep(self, kept: npt.NDArray[np.bool_]) -> None:
        """Keep the rows where ``kept`` is true, in order."""
        ends = self._ends.view
        lengths = np.diff(ends, prepend=0)
        self._values.keep(np.repeat(kept, lengths))
        self._ends.keep(kept)
        self._ends.data[:] = np.cumsum(lengths[kept])


class HeldArticles:
    """Columns: key, vector, time, slot, language, numbers, dates, terms, weights, groups,
    event day.

    Articles are appended; those that leave the window leave all at once (``keep``), and the
    rest are renumbered. A held article's key never changes: keys count up from 0 in order of
    arrival, so the held articles' keys stay sorted and a key finds its row by bisection.
    """

    def __init__(self, dim: int) -> None:
        self._keys = _Growing(np.int64)
        self._next_key = 0
        self._vectors = _Growing(np.float32, dim)
        self._times = _Growing(np.float64)
        self._slots = _Growing(np.float64)
        self._langs = _Growing(np.uint16)
        self._lang_codes: list[str] = []
        self._lang_index: dict[str, int] = {}
        self._labels = _Growing(np.int64, 3)
        self._events = _Growing(np.int32)
        """Event days: a full date's ordinal, -(month × 32 + day) without a year, 0 unknown."""
        self._numbers = _Ragged(np.int64)
        self._days = _Ragged(np.int16)
        self._terms = _Ragged(np.uint32)
        self._counts = _Ragged(np.uint16)
        self._weights = _Ragged(np.float32)
        self._built: dict[int, _Built] = {}

    def __getstate__(self) -> dict[str, object]:
        # What is held, not what is kept built from it.
        return {k: v for k, v in self.__dict__.items() if k != "_built"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._built = {}

    def __len__(self) -> int:
        return self._times.size

    @property
    def vectors(self) -> npt.NDArray[np.float32]:
        return self._vectors.view  # type: ignore[return-value]

    @property
    def times(self) -> npt.NDArray[np.float64]:
        """Publication times as POSIX seconds; NaN where unknown."""
        return self._times.view  # type: ignore[return-value]

    @property
    def slots(self) -> npt.NDArray[np.float64]:
        """The times that decide when articles leave the window (``add``)."""
        return self._slots.view  # type: ignore[return-value]

    def key(self, index: int) -> int:
        return int(self._keys.data[index])

    def indexes(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The indexes of held articles by key; keys no longer held are left out."""
        held = self._keys.view
        if not len(held):
            return np.empty(0, dtype=np.int64)
        found = np.searchsorted(held, keys).clip(max=len(held) - 1)
        indexes: npt.NDArray[np.int64] = found[held[found] == keys].astype(np.int64)
        return indexes

    def add(self, point: Point, weights: Weights, placement: Placement, slot: float) -> int:
        """Hold one article; returns its index. ``slot`` is its time in the window: its
        publication time, or for an undated one the window's time when it arrived."""
        index = len(self)
        self._keys.extend(self._next_key)
        self._next_key += 1
        self._vectors.extend(point.vector[np.newaxis])
        self._times.extend(point.time.timestamp() if point.time else np.nan)
        self._slots.extend(slot)
        if point.lang not in self._lang_index:
            self._lang_index[point.lang] = len(self._lang_codes)
            self._lang_codes.append(point.lang)
        self._langs.extend(self._lang_index[point.lang])
        self._labels.extend([[placement.family, placement.story, placement.thread]])
        self._events.extend(_event_code(point.event))
        self._numbers.append(sorted(point.numbers))
        self._days.append(sorted(month * 32 + day for month, day in point.days))
        terms = sorted(point.terms)
        self._terms.append(terms)
        self._counts.append([min(point.terms[t], 65535) for t in terms])
        self._weights.append([weights.get(t, 0.0) for t in terms])
        return index

    def point(self, index: int) -> Point:
        """The held article as it was given (term counts capped at 65535), but for its event
        date: that lives on in its story's span (``OnlineClusterer``), which pairs do not read.
        Its sets and dicts are shared with the next call's: read them, do not change them."""
        built = self._build(index)
        return Point(
            vector=self.vectors[index],
            time=built.time,
            lang=built.lang,
            numbers=built.numbers,
            terms=built.terms,
            days=built.days,
        )

    def weights(self, index: int) -> Weights:
        """The TF-IDF weights the article got when it arrived (shared, as ``point``'s)."""
        return self._build(index).weights

    def _build(self, index: int) -> _Built:
        key = self.key(index)
        built = self._built.get(key)
        if built is None:
            if len(self._built) >= BUILT:
                self._built.clear()  # what the next lookups compare is built again
            time = float(self._times.data[index])
            terms = self._terms[index].tolist()
            built = _Built(
                time=None if np.isnan(time) else datetime.fromtimestamp(time, UTC),
                lang=self.lang(index),
                numbers=frozenset(self._numbers[index].tolist()),
                terms=dict(zip(terms, self._counts[index].tolist(), strict=True)),
                days=frozenset(divmod(int(d), 32) for d in self._days[index]),
                weights=dict(zip(terms, self._weights[index].tolist(), strict=True)),
            )
            self._built[key] = built
        return built

    def move_to_thread(self, index: int, thread: int) -> None:
        self._labels.data[index, 2] = thread

    def move_to_story(self, index: int, story: int, thread: int) -> None:
        self._labels.data[index, 1:] = story, thread

    def event(self, index: int) -> EventDate:
        """The article's event day (its source and confidence are not held)."""
        code = int(self._events.data[index])
        if code > 0:
            return EventDate(date.fromordinal(code).isoformat(), "named")
        if code < 0:
            return EventDate("--{:02d}-{:02d}".format(*divmod(-code, 32)), "named")
        return EventDate()

    def families(self, indices: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The family of each held article in ``indices``."""
        families: npt.NDArray[np.int64] = self._labels.data[indices, 0]
        return families

    def placement(self, index: int) -> Placement:
        family, story, thread = self._labels.data[index].tolist()
        return Placement(family=family, story=story, thread=thread)

    def labels(self) -> npt.NDArray[np.int64]:
        """Family, story and thread of every held article, one row each."""
        return self._labels.view  # type: ignore[return-value]

    def lang(self, index: int) -> str:
        return self._lang_codes[int(self._langs.data[index])]

    def terms(self, index: int) -> npt.NDArray[np.uint32]:
        return self._terms[index]  # type: ignore[return-value]

    def keep(self, kept: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """Keep the articles where ``kept`` is true; returns each old index's new one (-1:
        gone)."""
        renumbered = np.full(len(self), -1, dtype=np.int64)
        renumbered[kept] = np.arange(int(kept.sum()))
        for column in (self._keys, self._vectors, self._times, self._slots):
            column.keep(kept)
        for column in (self._langs, self._labels, self._events):
            column.keep(kept)
        for ragged in (self._numbers, self._days, self._terms, self._counts, self._weights):
            ragged.keep(kept)
        return renumbered


def _event_code(event: EventDate) -> int:
    """``HeldArticles.event``'s code of an event day."""
    if event.full_date is not None:
        return event.full_date.toordinal()
    if event.month_day is not None:
        month, day = event.month_day
        return -(month * 32 + day)
    return 0
