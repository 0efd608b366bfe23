"""API ingests of a source that drips its page: bounded, queued, and never in the readers' way."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.store import open_store
from tests.ingest.hostile_server import HostileSite, hostile_site
from tests.web.conftest import TOKEN, serve
from tests.web.test_api import AUTH


@pytest.fixture
def drip() -> Iterator[HostileSite]:
    with hostile_site() as running:
        yield running


def test_45_dripping_ingests_leave_reads_answering_within_a_second(
    tmp_path: Path, encoder: Encoder, drip: HostileSite
) -> None:
    db = str(tmp_path / "queue.db")
    open_store(db).close()
    settings = Settings(
        db=db,
        api_token=TOKEN,
        allow_private=True,
        host_delay=0.0,
        fetch_deadline=1.0,
        fetch_retries=0,
        host_connections=4,
        fetch_workers=4,
        ingest_queue=16,
    )
    server = serve(settings, encoder)
    try:

        def post(n: int) -> httpx.Response:
            body = {"url": f"{drip.base}/drip/{n}"}
            return httpx.post(f"{server.url}/api/articles", json=body, headers=AUTH, timeout=60)

        with ThreadPoolExecutor(45) as clients:
            posted = [clients.submit(post, n) for n in range(45)]
            time.sleep(0.5)
            slowest = 0.0
            for _ in range(5):
                start = time.monotonic()
                assert httpx.get(f"{server.url}/api/stories", timeout=10).status_code == 200
                slowest = max(slowest, time.monotonic() - start)
                time.sleep(0.2)
            answers = [future.result() for future in posted]
    finally:
        server.stop()
    assert slowest < 1.0
    statuses = [answer.status_code for answer in answers]
    assert set(statuses) == {422, 503}
    assert statuses.count(503) >= 45 - 16
    cut = next(answer for answer in answers if answer.status_code == 422)
    assert "no complete answer within 1 s" in cut.json()["detail"]
    assert next(a for a in answers if a.status_code == 503).headers["retry-after"] == "5"
