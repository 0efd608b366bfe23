"""Which held articles belong to each group, without a Python list per group.

Each level keeps, per group, its newest member and, per article, the previous
and next member of its group: a doubly linked list through integer arrays, so
an article can also leave its group (a story moving thread). Most families
have one member, so a list per group would cost more than the article itself.
Groups are keyed by their store ids in a dict, not an array indexed by id: the
store's ids grow for ever, the window's groups do not.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_NONE = -1
_INITIAL_CAPACITY = 1024


class Groups:
    def __init__(self) -> None:
        self._newest: dict[int, int] = {}
        # int32: held indexes stay far below 2**31, and these arrays grow with every article.
        self._previous: npt.NDArray[np.int32] = np.empty(_INITIAL_CAPACITY, dtype=np.int32)
        self._next: npt.NDArray[np.int32] = np.empty(_INITIAL_CAPACITY, dtype=np.int32)

    def __len__(self) -> int:
        """How many groups have a member."""
        return len(self._newest)

    def add(self, group: int, index: int) -> None:
        """Article ``index`` (held indexes count up from 0) joins ``group`` as its newest."""
        if index >= len(self._previous):
            capacity = max(index + 1, len(self._previous) * 3 // 2)
            self._previous = np.resize(self._previous, capacity)
            self._next = np.resize(self._next, capacity)
        newest = self._newest.get(group, _NONE)
        self._previous[index] = newest
        self._next[index] = _NONE
        if newest != _NONE:
            self._next[newest] = index
        self._newest[group] = index

    def remove(self, group: int, index: int) -> None:
        """Article ``index`` leaves ``group``, which it must be in."""
        previous, following = int(self._previous[index]), int(self._next[index])
        if previous != _NONE:
            self._next[previous] = following
        if following != _NONE:
            self._previous[following] = previous
        elif previous != _NONE:
            self._newest[group] = previous
        else:
            del self._newest[group]

    def newest(self, group: int, count: int) -> list[int]:
        """Up to ``count`` members of ``group``, newest first."""
        members: list[int] = []
        member = self._newest.get(group, _NONE)
        while member != _NONE and len(members) < count:
            members.append(member)
            member = int(self._previous[member])
        return members

    def keep(self, renumbered: npt.NDArray[np.int64]) -> None:
        """Keep the members whose new index ``renumbered[old]`` is ≥ 0, under that index,
        each group in its order; a group left without members is forgotten."""
        new_index = renumbered.tolist()
        previous = self._previous.tolist()
        size = int(renumbered.max(initial=-1)) + 1
        self._previous = np.empty(max(size, _INITIAL_CAPACITY), dtype=np.int32)
        self._next = np.empty(max(size, _INITIAL_CAPACITY), dtype=np.int32)
        groups, self._newest = self._newest, {}
        for group, newest in groups.items():
            kept = []
            member = newest
            while member != _NONE:
                if new_index[member] >= 0:
                    kept.append(new_index[member])
                member = previous[member]
            for index in reversed(kept):
                self.add(group, index)

    def move(self, indices: list[int], source: int, target: int) -> None:
        """Articles ``indices`` of ``source`` join ``target``, which keeps its members in order
        of arrival (held indexes count up in it)."""
        for index in indices:
            self.remove(source, index)
        members = sorted(self.newest(target, len(self._previous)) + indices)
        self._newest.pop(target, None)
        for index in members:
            self.add(target, index)
