"""Which held articles belong to each group, without a Python list per group.

Each level keeps, per group, its newest member and, per article, the previous
and next member of its group: a doubly linked list through integer arrays, so
an article can also leave its group (a story moving thread). Most families
have one member, so a list per group would cost more than the article itself.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_NONE = -1
_INITIAL_CAPACITY = 1024


class Groups:
    def __init__(self) -> None:
        # int32: held indexes stay far below 2**31, and these arrays grow with every article.
        self._newest: npt.NDArray[np.int32] = np.full(_INITIAL_CAPACITY, _NONE, dtype=np.int32)
        self._previous: npt.NDArray[np.int32] = np.empty(_INITIAL_CAPACITY, dtype=np.int32)
        self._next: npt.NDArray[np.int32] = np.empty(_INITIAL_CAPACITY, dtype=np.int32)

    def add(self, group: int, index: int) -> None:
        """Article ``index`` (held indexes count up from 0) joins ``group`` as its newest."""
        if group >= len(self._newest):
            grown = np.full(max(group + 1, len(self._newest) * 3 // 2), _NONE, dtype=np.int32)
            grown[: len(self._newest)] = self._newest
            self._newest = grown
        if index >= len(self._previous):
            capacity = max(index + 1, len(self._previous) * 3 // 2)
            self._previous = np.resize(self._previous, capacity)
            self._next = np.resize(self._next, capacity)
        newest = int(self._newest[group])
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
        else:
            self._newest[group] = previous

    def newest(self, group: int, count: int) -> list[int]:
        """Up to ``count`` members of ``group``, newest first."""
        members: list[int] = []
        member = int(self._newest[group]) if group < len(self._newest) else _NONE
        while member != _NONE and len(members) < count:
            members.append(member)
            member = int(self._previous[member])
        return members
