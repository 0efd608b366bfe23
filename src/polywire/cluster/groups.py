"""Which held articles belong to each group, without a Python list per group.

Each level keeps, per group, its newest member and, per article, the previous
member of its group: a linked list through two integer arrays. Most families
have one member, so a list per group would cost more than the article itself.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_NONE = -1


class Groups:
    def __init__(self) -> None:
        self._newest: npt.NDArray[np.int64] = np.full(1024, _NONE, dtype=np.int64)
        self._previous: npt.NDArray[np.int64] = np.empty(1024, dtype=np.int64)

    def add(self, group: int, index: int) -> None:
        """Article ``index`` (held indexes count up from 0) joins ``group``."""
        if group >= len(self._newest):
            grown = np.full(max(group + 1, len(self._newest) * 3 // 2), _NONE, dtype=np.int64)
            grown[: len(self._newest)] = self._newest
            self._newest = grown
        if index >= len(self._previous):
            self._previous = np.resize(self._previous, max(index + 1, len(self._previous) * 3 // 2))
        self._previous[index] = self._newest[group]
        self._newest[group] = index

    def newest(self, group: int, count: int) -> list[int]:
        """Up to ``count`` members of ``group``, newest first."""
        members: list[int] = []
        member = int(self._newest[group]) if group < len(self._newest) else _NONE
        while member != _NONE and len(members) < count:
            members.append(member)
            member = int(self._previous[member])
        return members
