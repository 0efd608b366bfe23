"""The FastAPI application: JSON API, HTML pages and static files on one store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException

from polywire import __version__
from polywire.config import Settings
from polywire.embed import Encoder
from polywire.web import api, follow, pages
from polywire.web.security import BodyLimit, SecurityHeaders
from polywire.web.services import Services


def create_app(settings: Settings, encoder: Encoder | None = None) -> FastAPI:
    """An app serving the store in ``settings.db``; the models load before the first request."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = Services(settings, encoder)
        to_thread.current_default_thread_limiter().total_tokens = settings.read_threads
        pages.compile_templates()
        yield
        app.state.services.close()

    app = FastAPIOffline(
        title="Polywire",
        version=__version__,
        description="Stories across languages: list, read, compare versions, search, ingest.",
        lifespan=lifespan,
        redoc_url=None,
    )
    app.include_router(api.router)
    app.include_router(follow.api)
    app.include_router(pages.router)
    app.include_router(follow.pages)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_kb * 1024)
    app.add_middleware(SecurityHeaders)
    return app


def _wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.method in ("GET", "HEAD")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _wants_page(request):
        return _error_page(request, exc.status_code, str(exc.detail))
    return await http_exception_handler(request, exc)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _wants_page(request):
        problems = "; ".join(str(error.get("msg", "")) for error in exc.errors())
        return _error_page(request, 422, f"Bad request: {problems}")
    return await request_validation_exception_handler(request, exc)


def _error_page(request: Request, status: int, message: str) -> Response:
    return pages.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
