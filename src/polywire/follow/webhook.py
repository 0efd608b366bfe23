"""Webhooks: a signed JSON POST per notice, on worker threads, retried, every attempt logged.

A receiver is reached under the rules fetching follows (``ingest.transport``):
its host is resolved once, every address checked (no loopback or private
network unless ``allow_private``) and the connection goes to the address
checked. A request has a whole deadline (``webhook_timeout``), and the posts
run on ``webhook_workers`` threads of their own, so a slow or dead receiver
costs ingest nothing but a queued job. Failures (no answer, 429, 5xx) are
retried ``webhook_retries`` times with exponential backoff; other answers are
final.

The body is signed with the subscription's secret: the header
``X-Polywire-Signature: sha256=<hex HMAC-SHA256 of the body>`` lets the
receiver check that Polywire sent it, unchanged.

The pipeline's thread owns the store, so attempts are logged through a queue
that it drains (``drain``), after each batch and when it closes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import asdict
from typing import Any

import httpx

from polywire import __version__
from polywire.config import Settings
from polywire.errors import BadInput
from polywire.follow.describe import StoryNote, subject
from polywire.follow.match import Notice
from polywire.follow.storage import SubscriptionStore
from polywire.ingest.transport import DeadlinePassed, Guard, GuardedTransport, Stopped
from polywire.model import Delivery
from polywire.timeutil import now

USER_AGENT = f"Polywire/{__version__} (webhook)"
SIGNATURE = "X-Polywire-Signature"


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for ``body``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def payload(notice: Notice, story: StoryNote, public_url: str) -> dict[str, Any]:
    """What a receiver is told: the event, the subscription and the story."""
    sub = notice.subscription
    return {
        "event": notice.event,
        "subscription": {
            "id": sub.id,
            "subject": subject(sub),
            "query": sub.query,
            "entity": sub.entity,
            "lang": sub.lang,
            "site": sub.site,
        },
        "story": {
            **asdict(story),
            "languages": list(notice.languages),
            "new_languages": list(notice.new_languages),
            "url": f"{public_url.rstrip('/')}/stories/{story.id}",
        },
        "sent_at": now().isoformat(),
    }


def check_address(url: str, settings: Settings, guard: Guard | None = None) -> None:
    """Refuse a webhook URL that is not http(s), or whose host is not public (unless allowed)."""
    (guard or Guard()).check(url, settings.allow_private)


class Deliverer:
    """Posts notices on worker threads; ``drain`` logs the attempts into a store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._guard = Guard()
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Content-Type": "application/json"},
            timeout=settings.webhook_timeout,
            follow_redirects=False,
            transport=GuardedTransport(self._guard),
        )
        self._workers = ThreadPoolExecutor(
            max(1, settings.webhook_workers), thread_name_prefix="webhook"
        )
        self._pending: dict[Future[None], Notice] = {}
        self._lock = threading.Lock()
        self._log: queue.SimpleQueue[Delivery] = queue.SimpleQueue()

    def send(self, notice: Notice, story: StoryNote) -> None:
        """Queue the notice's webhook; when ``webhook_queue`` are waiting, log it dropped."""
        sub = notice.subscription
        if not sub.webhook_url:
            return
        body = json.dumps(payload(notice, story, self.settings.public_url)).encode("utf-8")
        with self._lock:
            self._pending = {job: n for job, n in self._pending.items() if not job.done()}
            if len(self._pending) >= self.settings.webhook_queue:
                self._record(notice, 1, None, "dropped: too many webhooks waiting")
                return
            job = self._workers.submit(self._deliver, notice, sub.webhook_url, body)
            self._pending[job] = notice

    def _deliver(self, notice: Notice, url: str, body: bytes) -> None:
        headers = {
            "X-Polywire-Event": notice.event,
            "X-Polywire-Delivery": str(uuid.uuid4()),
        }
        if notice.subscription.secret:
            headers[SIGNATURE] = sign(notice.subscription.secret, body)
        attempts = self.settings.webhook_retries + 1
        for attempt in range(1, attempts + 1):
            status, error, again = self._post(url, body, headers)
            self._record(notice, attempt, status, error)
            if not again or attempt == attempts:
                return
            if self._guard.stop.wait(self.settings.webhook_backoff * 2 ** (attempt - 1)):
                self._record(notice, attempt + 1, None, "not sent: Polywire stopped")
                return

    def _post(
        self, url: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int | None, str | None, bool]:
        """One attempt: the status, the error (None on success), and whether to try again."""
        try:
            check_address(url, self.settings, self._guard)
            self._guard.start(self.settings.webhook_timeout)
            # The answer's status is all that counts: its body is never read.
            with self._client.stream("POST", url, content=body, headers=headers) as response:
                status = response.status_code
        except BadInput as exc:
            return None, str(exc), False
        except (DeadlinePassed, httpx.TimeoutException):
            return None, f"no answer within {self.settings.webhook_timeout:g} s", True
        except Stopped:
            return None, "stopped before the answer came", False
        except httpx.HTTPError as exc:
            return None, f"cannot deliver: {exc}", True
        if 200 <= status < 300:
            return status, None, False
        return status, f"HTTP {status}", status == 429 or status >= 500

    def _record(self, notice: Notice, attempt: int, status: int | None, error: str | None) -> None:
        sub, story = notice.subscription.id, notice.story
        self._log.put(Delivery(sub, story, notice.event, attempt, status, error, now()))

    def drain(self, log: SubscriptionStore) -> int:
        """Log every attempt made since the last drain; how many."""
        logged = 0
        while True:
            try:
                log.log_delivery(self._log.get_nowait())
            except queue.Empty:
                return logged
            logged += 1

    def wait(self, seconds: float | None = None) -> bool:
        """Wait for the webhooks queued so far; False if some are still going after
        ``seconds``."""
        with self._lock:
            pending = set(self._pending)
        _, not_done = wait_for(pending, timeout=seconds)
        return not not_done

    def close(self, grace: float) -> None:
        """Let queued webhooks go for up to ``grace`` seconds, then stop the rest."""
        self.wait(grace)
        self._guard.stop.set()
        self._workers.shutdown(wait=True, cancel_futures=True)
        self._client.close()
        for job, notice in self._pending.items():
            if job.cancelled():
                self._record(notice, 1, None, "not sent: Polywire stopped")
