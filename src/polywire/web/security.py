"""Article text is untrusted: headers that stop it from running, limits, and the API token."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polywire.config import Settings

# No inline script or style, nothing from other origins: a <script> that slipped into
# an article's text could not run even if escaping failed.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI starts itself with an inline script; its page holds no article text.
DOCS_POLICY = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, docs_path: str = "/docs") -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"] == self.docs_path else POLICY

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
            await send(message)

        await self.app(scope, receive, with_headers)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = f"{self.max_bytes / 1024:.0f} KB"
        response = JSONResponse({"detail": f"request body larger than {limit}"}, 413)
        await response(scope, receive, send)


_bearer = HTTPBearer(auto_error=False)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.services.settings
    return settings


def require_token(request: Request, credentials: Credentials) -> None:
    """Writes need the configured token; with none configured, writing over HTTP is off."""
    settings = settings_of(request)
    if not settings.api_token:
        raise HTTPException(403, "ingest over HTTP is off: set POLYWIRE_API_TOKEN to turn it on")
    _check(settings.api_token, credentials)


def reader(request: Request, credentials: Credentials) -> None:
    """Reads are open unless the configuration closes them with the token."""
    settings = settings_of(request)
    if not settings.open_reads:
        _check(settings.api_token, credentials)


def _check(token: str, credentials: HTTPAuthorizationCredentials | None) -> None:
    if credentials is None:
        raise HTTPException(401, "missing token: send Authorization: Bearer TOKEN", _CHALLENGE)
    if not token or not hmac.compare_digest(credentials.credentials, token):
        raise HTTPException(401, "wrong token", _CHALLENGE)


_CHALLENGE = {"WWW-Authenticate": "Bearer"}
