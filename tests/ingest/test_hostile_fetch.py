"""Hostile servers on 127.0.0.1: dripping answers, a resolver that changes its answer."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from polywire.config import Settings
from polywire.errors import BadInput, TemporaryFailure
from polywire.ingest import read_paths
from polywire.ingest.fetch import Fetcher, fetch
from tests.ingest.hostile_server import HostileSite, hostile_site

# A short deadline keeps these tests quick; the per-read timeout is far longer than a drip.
QUICK = Settings(
    allow_private=True,
    host_delay=0.0,
    fetch_retries=2,
    fetch_backoff=0.05,
    fetch_timeout=10.0,
    fetch_deadline=1.5,
    respect_robots=False,
)


@pytest.fixture
def site() -> Iterator[HostileSite]:
    with hostile_site() as running:
        yield running


@pytest.mark.parametrize("path", ["/drip/page", "/drip-headers"])
def test_a_dripping_answer_ends_at_the_deadline_and_is_not_retried(
    site: HostileSite, path: str
) -> None:
    start = time.monotonic()
    with pytest.raises(TemporaryFailure, match=r"no complete answer within 1\.5 s"):
        fetch(f"{site.base}{path}", QUICK)
    assert time.monotonic() - start < QUICK.fetch_deadline + 1.0
    assert len(site.requests) == 1


def test_stop_ends_a_request_in_flight(site: HostileSite) -> None:
    settings = Settings(**{**QUICK.__dict__, "fetch_deadline": 60.0})
    with Fetcher(settings) as fetcher:
        threading.Timer(0.5, fetcher.stop).start()
        start = time.monotonic()
        with pytest.raises(TemporaryFailure, match="stopped"):
            fetcher.page(f"{site.base}/drip/page")
        assert time.monotonic() - start < 1.5


def test_a_slow_request_leaves_the_host_and_others_free(site: HostileSite) -> None:
    settings = Settings(**{**QUICK.__dict__, "fetch_deadline": 4.0, "host_connections": 2})
    with Fetcher(settings) as fetcher:
        slow = threading.Thread(target=_ignore_failure, args=(fetcher, f"{site.base}/drip/a"))
        slow.start()
        time.sleep(0.3)
        start = time.monotonic()
        fetcher.page(f"{site.base}/page")
        fetcher.page(f"http://localhost:{site.port}/page")
        assert time.monotonic() - start < 1.0
        slow.join()


def _ignore_failure(fetcher: Fetcher, url: str) -> None:
    with contextlib.suppress(BadInput):
        fetcher.page(url)


class ChangingResolver:
    """Answers ``name`` with each address in turn (the last one for ever); others as usual."""

    def __init__(self, name: str, *addresses: str) -> None:
        self.name = name
        self.addresses = list(addresses)
        self.asked = 0
        self._real = socket.getaddrinfo

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != self.name:
            return self._real(host, port, *args, **kwargs)
        address = self.addresses[min(self.asked, len(self.addresses) - 1)]
        self.asked += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]


def test_the_connection_goes_to_the_checked_address_with_the_name_kept(
    site: HostileSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolver = ChangingResolver("news.example", "127.0.0.1", "192.0.2.1")
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    document = fetch(f"http://news.example:{site.port}/page", QUICK)
    assert b"ok ok" in document.content
    assert resolver.asked == 1
    assert site.requests == [("/page", f"news.example:{site.port}")]


def test_a_rebinding_answer_never_reaches_loopback(
    site: HostileSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked as public, then answered as 127.0.0.1: the connection keeps the checked one."""
    resolver = ChangingResolver("rebind.example", "1.1.1.1", "127.0.0.1")
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    settings = Settings(**{**QUICK.__dict__, "allow_private": False, "fetch_timeout": 1.0})
    with pytest.raises(BadInput):
        fetch(f"http://rebind.example:{site.port}/page", settings)
    assert site.requests == []


def test_urls_are_read_ahead_so_slow_ones_overlap(site: HostileSite) -> None:
    settings = Settings(
        **{**QUICK.__dict__, "fetch_deadline": 1.0, "host_connections": 4, "fetch_workers": 4}
    )
    urls = [f"{site.base}/drip/{n}" for n in range(3)] + [f"{site.base}/page"]
    start = time.monotonic()
    with Fetcher(settings) as fetcher:
        items = list(read_paths(urls, 10**6, fetcher))
    assert time.monotonic() - start < 2.0  # one after another, three drips take 3 s
    assert [type(item).__name__ for item in items] == ["Failure"] * 3 + ["Document"]
    assert [item.source for item in items] == urls


def test_each_checked_address_is_tried_in_turn(
    site: HostileSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def two_answers(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "twice.example":
            return real(host, port, *args, **kwargs)
        return [
            (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))
            for address in ("127.0.0.3", "127.0.0.1")  # nothing listens on the first
        ]

    monkeypatch.setattr(socket, "getaddrinfo", two_answers)
    document = fetch(f"http://twice.example:{site.port}/page", QUICK)
    assert b"ok ok" in document.content
