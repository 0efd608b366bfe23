"""Pages from URLs: bounded, timed and guarded against reaching the machine's own network.

A URL from a user (or, later, a feed) must not make Polywire talk to loopback,
private, link-local or metadata addresses: every host is resolved and every
address checked, on each redirect hop too. Tests that serve pages on 127.0.0.1
opt in with ``allow_private``.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from polywire import __version__
from polywire.errors import BadInput
from polywire.model import Document
from polywire.timeutil import now

USER_AGENT = f"Polywire/{__version__} (multilingual news monitor)"
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 15.0
_TEXT_TYPES = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
}


def is_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


def fetch(url: str, max_bytes: int, allow_private: bool = False) -> Document:
    """GET one page: at most ``MAX_REDIRECTS`` redirects and ``max_bytes`` of body."""
    with httpx.Client(
        headers={"User-Agent": USER_AGENT}, timeout=TIMEOUT_SECONDS, follow_redirects=False
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            _check_host(url, allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return _document(url, response, max_bytes)
            except httpx.TimeoutException:
                raise BadInput(f"timed out after {TIMEOUT_SECONDS:.0f} s") from None
            except httpx.HTTPError as exc:
                raise BadInput(f"cannot fetch: {exc}") from None
    raise BadInput(f"more than {MAX_REDIRECTS} redirects")


def _document(url: str, response: httpx.Response, max_bytes: int) -> Document:
    if response.status_code != 200:
        raise BadInput(f"HTTP {response.status_code}")
    mime = response.headers.get("content-type", "text/html").split(";")[0].strip().lower()
    if mime not in _TEXT_TYPES:
        raise BadInput(f"not a page: content type {mime}")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise BadInput(f"response larger than {max_bytes / 1e6:.1f} MB, cut off")
    return Document(
        source=url, content=bytes(body), content_type=_TEXT_TYPES[mime], url=url, fetched_at=now()
    )


def _check_host(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"not an http(s) URL: {url}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise BadInput(f"cannot resolve {parts.hostname}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise BadInput(
                f"refused: {parts.hostname} resolves to non-public address {address} "
                "(set POLYWIRE_ALLOW_PRIVATE=1 to allow)"
            )
