"""A fixed set of open stores lent to concurrent requests, one store per borrower at a time.

Borrowers wait on the event loop, not in a worker thread: a thread blocked
waiting for a store could be the one a store's holder needs to finish.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from polywire.store.base import Store, open_store


class StorePool:
    def __init__(self, location: str, size: int) -> None:
        self._all = [open_store(location) for _ in range(size)]
        self._idle: asyncio.Queue[Store] = asyncio.Queue()
        for store in self._all:
            self._idle.put_nowait(store)

    @asynccontextmanager
    async def borrow(self) -> AsyncIterator[Store]:
        """A store for this caller alone; waits while all are lent."""
        store = await self._idle.get()
        try:
            yield store
        finally:
            self._idle.put_nowait(store)

    def close(self) -> None:
        for store in self._all:
            store.close()
