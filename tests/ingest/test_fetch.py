"""URLs against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from polywire.config import Settings
from polywire.errors import BadInput
from polywire.ingest.fetch import fetch
from polywire.ingest.urls import canonical_url
from tests.conftest import CORPUS

PAGE = (CORPUS / "c-de-ezb-leitzins.html").read_bytes()
LOCAL = Settings(allow_private=True, host_delay=0.0, fetch_retries=0)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {
            "/page": (200, "text/html; charset=utf-8", PAGE),
            "/moved": (301, "text/html", b""),
            "/loop": (302, "text/html", b""),
            "/image": (200, "image/png", b"\x89PNG"),
            "/huge": (200, "text/html", b"<p>" + b"x" * 300_000),
        }
        status, mime, body = routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", mime)
        if self.path == "/moved":
            self.send_header("Location", "/page")
        if self.path == "/loop":
            self.send_header("Location", "/loop")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_page_is_fetched_after_a_redirect(server: str) -> None:
    document = fetch(f"{server}/moved", LOCAL)
    assert document.content == PAGE
    assert document.url == canonical_url(f"{server}/page")
    assert document.content_type == "text/html"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404"),
        ("/loop", "more than 5 redirects"),
        ("/image", "not a page: content type image/png"),
        ("/huge", r"response larger than 0\.1 MB, cut off"),
    ],
)
def test_bad_responses_are_clear_failures(server: str, path: str, reason: str) -> None:
    with pytest.raises(BadInput, match=reason):
        fetch(f"{server}{path}", replace(LOCAL, max_file_mb=0.1))


def test_loopback_is_refused_unless_allowed(server: str) -> None:
    with pytest.raises(BadInput, match=r"non-public address 127\.0\.0\.1"):
        fetch(f"{server}/page", replace(LOCAL, allow_private=False))


def test_only_http_urls() -> None:
    with pytest.raises(BadInput, match="not an http"):
        fetch("ftp://127.0.0.1/x", LOCAL)


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/x", "http://[::1/x"])
def test_a_malformed_url_is_a_clear_failure(url: str) -> None:
    with pytest.raises(BadInput, match="malformed URL"):
        fetch(url, LOCAL)
