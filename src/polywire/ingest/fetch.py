"""HTTP for pages and feeds: polite, bounded, and guarded against reaching the machine's network.

A URL from a user or a feed must not make Polywire talk to loopback,
private, link-local or metadata addresses: every host is resolved and every
address checked, on each redirect hop too, and the connection goes to the
address that was checked (``transport``). Tests that serve pages on 127.0.0.1
opt in with ``allow_private``.

A request has a whole deadline (``fetch_deadline``) besides the per-read
timeout, so a server that drips bytes cannot hold a fetch for ever. At most
``host_connections`` requests go to one host at once, so many callers (watch's
feeds, the API's ingests) can fetch in parallel without one slow host taking
every connection.

Politeness toward sources: a clear User-Agent, robots.txt, a pause between
two requests to one host, conditional GET so an unchanged feed costs one 304,
and retries with exponential backoff only after timeouts and 5xx answers.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from polywire import __version__
from polywire.config import Settings
from polywire.errors import BadInput, TemporaryFailure
from polywire.ingest.transport import DeadlinePassed, Guard, GuardedTransport, Stopped
from polywire.ingest.urls import canonical_url
from polywire.model import Document
from polywire.timeutil import now

USER_AGENT = f"Polywire/{__version__} (multilingual news monitor)"
MAX_REDIRECTS = 5
_PAGE_TYPES = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
}


@dataclass(frozen=True)
class Response:
    url: str
    """Where the content came from, after redirects."""
    status: int
    """200, or 304 when the resource has not changed since ``etag`` / ``last_modified``."""
    content: bytes
    mime: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class _Redirect:
    location: str


class Fetcher:
    """One HTTP client for many requests; close it (or use ``with``) when done."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._max_bytes = settings.max_file_bytes
        self._guard = Guard()
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=settings.fetch_timeout,
            follow_redirects=False,
            transport=GuardedTransport(self._guard),
        )
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._per_host: defaultdict[str, threading.Semaphore] = defaultdict(
            lambda: threading.Semaphore(settings.host_connections)
        )
        self._robots: dict[str, Protego | None] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def stop(self) -> None:
        """End every request in flight, and every later one, with a ``TemporaryFailure``."""
        self._guard.stop.set()

    def page(self, url: str) -> Document:
        """An article page as a ``Document`` whose ``url`` is canonical."""
        response = self.get(url)
        if response.mime not in _PAGE_TYPES:
            raise BadInput(f"not a page: content type {response.mime}")
        return Document(
            source=url,
            content=response.content,
            content_type=_PAGE_TYPES[response.mime],
            url=canonical_url(response.url),
            fetched_at=now(),
        )

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET with redirects followed (at most ``MAX_REDIRECTS``), each hop checked."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            self._guard.check(url, self.settings.allow_private)
            if self.settings.respect_robots and not self._allowed(url):
                raise BadInput("disallowed by the site's robots.txt")
            response = self._with_retries(url, headers)
            if isinstance(response, _Redirect):
                url = response.location
                continue
            return response
        raise BadInput(f"more than {MAX_REDIRECTS} redirects")

    def _with_retries(self, url: str, headers: dict[str, str]) -> Response | _Redirect:
        for attempt in range(self.settings.fetch_retries + 1):
            last = attempt == self.settings.fetch_retries
            try:
                response = self._once(url, headers)
            except DeadlinePassed:
                # Not retried: a source that drips its answer would drip it again.
                raise TemporaryFailure(
                    f"no complete answer within {self.settings.fetch_deadline:g} s"
                ) from None
            except Stopped:
                raise TemporaryFailure("stopped before the answer was complete") from None
            except httpx.TimeoutException:
                if last:
                    raise TemporaryFailure(
                        f"timed out after {self.settings.fetch_timeout:g} s"
                    ) from None
            except httpx.HTTPError as exc:
                raise TemporaryFailure(f"cannot fetch: {exc}") from None
            else:
                if isinstance(response, _Redirect) or response.status < 500:
                    return response
                if last:
                    raise TemporaryFailure(f"HTTP {response.status}")
            if self._guard.stop.wait(self.settings.fetch_backoff * 2**attempt):
                raise TemporaryFailure("stopped before the answer was complete")
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _once(self, url: str, headers: dict[str, str]) -> Response | _Redirect:
        """One request; a 5xx answer comes back as a bodiless response, to be retried."""
        host = urlsplit(url).netloc.lower()
        with self._per_host[host]:
            self._wait_for_host(host)
            self._guard.start(self.settings.fetch_deadline)
            return self._request(url, headers)

    def _request(self, url: str, headers: dict[str, str]) -> Response | _Redirect:
        with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Response(url, 304, b"", "", None, None)
            if response.has_redirect_location:
                return _Redirect(urljoin(url, response.headers["location"]))
            if response.status_code >= 500:
                return Response(url, response.status_code, b"", "", None, None)
            if response.status_code != 200:
                raise BadInput(f"HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self._max_bytes:
                    raise BadInput(f"response larger than {self._max_bytes / 1e6:.1f} MB, cut off")
            mime = response.headers.get("content-type", "text/html").split(";")[0].strip().lower()
            return Response(
                url,
                200,
                bytes(body),
                mime,
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )

    def _wait_for_host(self, host: str) -> None:
        """Take the host's next slot, ``host_delay`` after the one before, and wait for it."""
        with self._lock:
            start = max(time.monotonic(), self._next_slot.get(host, -1e9))
            self._next_slot[host] = start + self.settings.host_delay
        wait = start - time.monotonic()
        if wait > 0 and self._guard.stop.wait(wait):
            raise Stopped

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return True
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        return rules is None or bool(rules.can_fetch(url, USER_AGENT))

    def _read_robots(self, origin: str) -> Protego | None:
        """The site's rules; none (everything allowed) when it has no readable robots.txt."""
        try:
            response = self._once(f"{origin}/robots.txt", {})
        except (BadInput, httpx.HTTPError, DeadlinePassed, Stopped):
            return None
        if isinstance(response, _Redirect) or response.status != 200:
            return None
        return Protego.parse(response.content.decode("utf-8", errors="replace"))


def is_url(value: str) -> bool:
    """Whether ``value`` is meant as a web address; a malformed one is refused when fetched."""
    return value.lower().startswith(("http://", "https://"))


def fetch(url: str, settings: Settings) -> Document:
    """GET one page with a client of its own."""
    with Fetcher(settings) as fetcher:
        return fetcher.page(url)
