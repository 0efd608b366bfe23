"""Request-scoped pieces the routes share: a borrowed store and the process's services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from polywire.store import Store
from polywire.web.services import Services


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


async def borrowed_store(request: Request) -> AsyncIterator[Store]:
    async with services(request).pool.borrow() as store:
        yield store


StoreDep = Annotated[Store, Depends(borrowed_store)]
ServicesDep = Annotated[Services, Depends(services)]
