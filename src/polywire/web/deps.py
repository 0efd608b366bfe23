"""Request-scoped pieces the routes share: the store, read, and the process's services."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from polywire.web.services import Services
from polywire.web.views import Reading


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


async def store(request: Request) -> Reading:
    return services(request).store


StoreDep = Annotated[Reading, Depends(store)]
ServicesDep = Annotated[Services, Depends(services)]
