"""A hostile site on 127.0.0.1: answers that drip, links that look like markup, 5xx.

``/drip/...`` sends its headers, then one byte every ``DRIP_SECONDS`` for
ever; ``/drip-headers`` drips its status line and headers too. ``/feed.xml``
lists items whose links hold ``[/]`` and answer 500. Every request's path
and Host header are recorded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DRIP_SECONDS = 0.3


def rss(*links: str) -> bytes:
    items = "".join(f"<item><title>item</title><link>{link}</link></item>" for link in links)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Hostile</title><link>/</link>{items}</channel></rss>"
    ).encode()


class HostileSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, str]] = []
        """(path, Host header) of every request, in order."""
        self.stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class _Handler(BaseHTTPRequestHandler):
    server: HostileSite

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Host", "")))
        if self.path.startswith("/drip-headers"):
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: "
            return self._drip(head + b"a" * 10**6)
        if self.path.startswith("/drip"):
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\n\r\n"
            return self._drip(head, b"<p>" + b"x" * 10**6)
        if self.path == "/feed.xml":
            body = rss("/news/[/]broken", "/news/[fd00::2]/item", "/news/[bold]x")
            return self._send(200, "application/rss+xml", body)
        if self.path.startswith("/news/"):
            return self._send(500, "text/plain", b"down")
        page = b"<html><body><p>" + b"ok " * 20 + b"</p></body></html>"
        return self._send(200, "text/html", page)

    def _drip(self, head: bytes, body: bytes = b"") -> None:
        try:
            if body:
                self.wfile.write(head)
                self.wfile.flush()
            for byte in body or head:
                if self.server.stopping.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(DRIP_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def _send(self, status: int, mime: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def hostile_site() -> Iterator[HostileSite]:
    site = HostileSite()
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stopping.set()
        site.shutdown()
        site.server_close()
