"""A small news site on 127.0.0.1 for feed and fetch tests: feeds, pages and misbehaviour.

Pages come from the sample corpus in four languages; the Russian one is in
windows-1251, as older Russian sites still serve it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.conftest import CORPUS

PAGES = {
    "/en/quake": (
        "text/html; charset=utf-8",
        (CORPUS / "a1-en-malatya-earthquake.html").read_bytes(),
    ),
    "/ru/quake": (  # windows-1251 on disk and on the wire
        "text/html; charset=windows-1251",
        (CORPUS / "a1-ru-malatya-zemletryasenie.html").read_bytes(),
    ),
    "/az/cable": (
        "text/html; charset=utf-8",
        (CORPUS / "d-az-qarabag-az-alkmaar.html").read_bytes(),
    ),
    "/de/rates": ("text/html; charset=utf-8", (CORPUS / "c-de-ezb-leitzins.html").read_bytes()),
}
RSS_ETAG = '"rss-v1"'


def rss(*paths: str, date: str = "Mon, 06 Feb 2023 06:00:00 GMT") -> bytes:
    items = "".join(
        f"<item><title>{p}</title><link>{p}?utm_source=rss</link><pubDate>{date}</pubDate></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>News</title><link>/</link>{items}</channel></rss>"
    ).encode()


def atom(*paths: str) -> bytes:
    entries = "".join(
        f'<entry><title>{p}</title><link href="{p}"/><id>{p}</id>'
        "<updated>2023-02-06T07:00:00Z</updated></entry>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>News</title><id>urn:news</id><updated>2023-02-06T07:00:00Z</updated>{entries}</feed>"
    ).encode()


class NewsSite(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.failures_left = 1
        """/flaky.xml answers 500 this many times, then recovers."""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: NewsSite

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.hits[path] += 1
        if path == "/rss.xml":
            if self.headers.get("If-None-Match") == RSS_ETAG:
                return self._send(304, "application/rss+xml", b"")
            return self._send(200, "application/rss+xml", rss("/en/quake", "/ru/quake"), RSS_ETAG)
        if path == "/atom.xml":
            return self._send(200, "application/atom+xml", atom("/az/cable", "/en/quake"))
        if path == "/flaky.xml":
            if self.server.failures_left > 0:
                self.server.failures_left -= 1
                return self._send(500, "text/plain", b"oops")
            return self._send(200, "application/rss+xml", rss("/de/rates"))
        if path == "/dated.xml":  # a time with its offset, as most feeds give it
            return self._send(
                200, "application/rss+xml", rss("/de/rates", date="Tue, 03 Nov 2026 10:25:00 +0300")
            )
        if path == "/broken.xml":
            return self._send(200, "application/rss+xml", b"<rss><channel><title>cut off")
        if path == "/slow.xml":
            time.sleep(2)
            return self._send(200, "application/rss+xml", rss())
        if path == "/loop.xml":
            return self._send(302, "text/plain", b"", location="/loop.xml")
        if path == "/huge.xml":
            return self._send_huge()
        if path == "/robots.txt":
            return self._send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
        if path == "/private.xml":
            return self._send(200, "application/rss+xml", rss("/private/memo"))
        if path == "/home":
            link = b'<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
            return self._send(200, "text/html", b"<html><head>" + link + b"</head></html>")
        if path in PAGES:
            return self._send(200, *PAGES[path])
        return self._send(404, "text/plain", b"not found")

    def _send(
        self, status: int, mime: str, body: bytes, etag: str | None = None, location: str = ""
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        if etag:
            self.send_header("ETag", etag)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_huge(self) -> None:
        """21 MB, one more than the default limit, streamed."""
        chunk = b"<!-- " + b"x" * (1 << 20) + b" -->"
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        try:
            for _ in range(21):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def news_site() -> Iterator[NewsSite]:
    site = NewsSite()
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()
