"""Request-scoped pieces the routes share: the store, read, and the process's services."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from polywire.web.services import Services
from polywire.web.views import Reading


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


async def store(request: Request) -> Reading:
    return services(request).store


StoreDep = Annotated[Reading, Depends(store)]
ServicesDep = Annotated[Services, Depends(services)]


def moved(request: Request, store: Reading, story_id: int, missing: str) -> RedirectResponse:
    """A permanent redirect to the story an absorbed story's articles are in now (a bookmark
    of it still leads there, ``cluster.consolidate``); 404 with ``missing`` when none."""
    into = store.story_moved_to(story_id)
    if into is None:
        raise HTTPException(404, missing)
    # Relative, as the reader asked it: the same host and query, whatever proxy is in front.
    query = f"?{request.url.query}" if request.url.query else ""
    path = f"{request.url.path.rsplit('/', 1)[0]}/{into}"
    return RedirectResponse(path + query, status_code=301)
