"""The near-duplicate index's store: 64-bit band keys, each to the rows that have it.

datasketch's MinHashLSH keeps a Python set per bucket, 3.2 KB for each lead of
ten bands, more than the clusterer holds per article. Here keys live in
sorted numpy runs, 12 bytes a key, which merge as a binary counter carries,
as in a log-structured merge tree: adding costs O(log n) amortised, and a
lookup is one binary search in each of at most log₂ n runs. New keys wait in
a small dict until there are enough to sort.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FRESH = 4096
"""Keys held unsorted before they become a run."""

Keys = npt.NDArray[np.uint64]
Rows = npt.NDArray[np.int32]


class BandIndex:
    """A multimap from band keys to row numbers that only grows."""

    def __init__(self, fresh: int = FRESH) -> None:
        self._limit = fresh
        self._fresh: dict[int, list[int]] = {}
        self._fresh_count = 0
        self._runs: list[tuple[Keys, Rows]] = []

    def add(self, row: int, keys: Keys) -> None:
        for key in keys.tolist():
            self._fresh.setdefault(key, []).append(row)
            self._fresh_count += 1
        if self._fresh_count >= self._limit:
            self._sort_fresh()

    def rows(self, keys: Keys) -> set[int]:
        """The rows that have any of ``keys``."""
        found = {row for key in keys.tolist() for row in self._fresh.get(key, ())}
        for run_keys, run_rows in self._runs:
            starts = np.searchsorted(run_keys, keys)
            held = run_keys[starts.clip(max=len(run_keys) - 1)] == keys
            if held.any():  # rarely: most leads have no twin
                ends = np.searchsorted(run_keys, keys[held], side="right")
                for start, end in zip(starts[held].tolist(), ends.tolist(), strict=True):
                    found.update(run_rows[start:end].tolist())
        return found

    def _sort_fresh(self) -> None:
        keys = np.fromiter(
            (key for key, rows in self._fresh.items() for _ in rows), np.uint64, self._fresh_count
        )
        rows = np.fromiter(
            (row for rows in self._fresh.values() for row in rows), np.int32, self._fresh_count
        )
        self._fresh, self._fresh_count = {}, 0
        run = _sorted(keys, rows)
        # Merged while the last run is no longer than the new one, each run is longer than
        # all after it together: there are at most log₂ n.
        while self._runs and len(self._runs[-1][0]) <= len(run[0]):
            older_keys, older_rows = self._runs.pop()
            run = _sorted(
                np.concatenate([older_keys, run[0]]), np.concatenate([older_rows, run[1]])
            )
        self._runs.append(run)


def _sorted(keys: Keys, rows: Rows) -> tuple[Keys, Rows]:
    order = np.argsort(keys, kind="stable")
    return keys[order], rows[order]
