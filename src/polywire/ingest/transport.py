"""The sockets under the HTTP client: pinned addresses, a whole-request deadline, a stop switch.

httpx resolves a host itself when it connects, so a DNS answer that changes
after the address check (rebinding) could reach a private address. Here the
check and the connection share one resolution: ``pin`` resolves and records
the address, and ``connect_tcp`` connects to that address only. The URL, and
so the Host header and TLS SNI, keep the name.

httpx's timeouts bound each read; a server that sends a byte every few
seconds never trips them. Every read here also stops at the request's
deadline, and at once when the stop switch is set (``watch`` stopping).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from polywire.errors import BadInput

# How often a blocked read wakes to look at the deadline and the stop switch.
_SLICE = 0.25


class DeadlinePassed(Exception):
    """The request took longer than its whole-request deadline."""


class Stopped(Exception):
    """The fetcher was told to stop while a request was in flight."""


class Guard:
    """What the transport checks: pinned addresses, this thread's deadline, the stop switch."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self._pins: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    def check(self, url: str, allow_private: bool) -> None:
        """Refuse a URL that is not http(s) with a host and a valid port; pin its host."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:  # a port out of range, a broken IPv6 literal
            raise BadInput(f"malformed URL ({exc}): {url}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadInput(f"not an http(s) URL: {url}")
        self.pin(parts.hostname, port, allow_private)

    def pin(self, host: str, port: int, allow_private: bool) -> None:
        """Resolve ``host`` once, refuse it if any address is not public, and pin them."""
        try:
            literal = ipaddress.ip_address(host)
            addresses = [literal]
        except ValueError:
            try:
                infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
            except (socket.gaierror, UnicodeError):
                raise BadInput(f"cannot resolve {host}") from None
            addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        if not addresses:
            raise BadInput(f"cannot resolve {host}")
        if not allow_private:
            for address in addresses:
                if not address.is_global:
                    raise BadInput(
                        f"refused: {host} resolves to non-public address {address} "
                        "(set POLYWIRE_ALLOW_PRIVATE=1 to allow)"
                    )
        with self._lock:
            self._pins[host.lower()] = list(dict.fromkeys(str(a) for a in addresses))

    def pinned(self, host: str) -> list[str]:
        """The addresses checked for ``host``, in the resolver's order."""
        with self._lock:
            addresses = self._pins.get(host.lower())
        if not addresses:
            # Every URL is checked before it is requested: an unchecked host is a bug, refused.
            raise httpcore.ConnectError(f"{host} was not checked before connecting")
        return addresses

    def start(self, seconds: float) -> None:
        """This thread's request must be over within ``seconds``."""
        self._local.deadline = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left to this thread's request; raises when none are, or when stopping."""
        if self.stop.is_set():
            raise Stopped
        deadline: float | None = getattr(self._local, "deadline", None)
        if deadline is None:
            return float("inf")
        left = deadline - time.monotonic()
        if left <= 0:
            raise DeadlinePassed
        return left


class _GuardedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, guard: Guard) -> None:
        self._stream = stream
        self._guard = guard

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        # Read in short slices so a deadline or a stop is seen within _SLICE seconds.
        waited = 0.0
        while True:
            step = min(_SLICE, self._guard.remaining())
            if timeout is not None:
                step = min(step, timeout - waited)
            try:
                return self._stream.read(max_bytes, step)
            except httpcore.ReadTimeout:
                waited += step
                if timeout is not None and waited >= timeout:
                    raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        left = self._guard.remaining()
        self._stream.write(buffer, left if timeout is None else min(timeout, left))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._guard.remaining()
        tls = self._stream.start_tls(
            ssl_context, server_hostname, left if timeout is None else min(timeout, left)
        )
        return _GuardedStream(tls, self._guard)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    def __init__(self, guard: Guard) -> None:
        self._guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        # Each checked address in turn, as a connection to the name would try them.
        for address in self._guard.pinned(host):
            left = self._guard.remaining()
            try:
                stream = super().connect_tcp(
                    address,
                    port,
                    left if timeout is None else min(timeout, left),
                    local_address,
                    socket_options,
                )
            except httpcore.ConnectError as exc:
                failed = exc
                continue
            return _GuardedStream(stream, self._guard)
        raise failed


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, guard: Guard) -> None:
        super().__init__()
        # httpx has no option for the network backend; its connection pool has.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=_GuardedBackend(guard),
        )
