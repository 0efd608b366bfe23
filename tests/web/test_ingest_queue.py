"""API ingests of a source that drips its page: bounded, queued, and never in the readers' way."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
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


async def slowest_read(client: httpx.AsyncClient, times: int) -> float:
    slowest = 0.0
    for _ in range(times):
        start = time.monotonic()
        assert (await client.get("/api/stories")).status_code == 200
        slowest = max(slowest, time.monotonic() - start)
        await asyncio.sleep(0.2)
    return slowest


async def reads_during_ingests(url: str, drip: str) -> tuple[float, float, list[httpx.Response]]:
    """The slowest read before, and while, 45 ingests of a dripping page are under way."""
    limits = httpx.Limits(max_connections=100)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        before = await slowest_read(client, 3)
        posted = [
            asyncio.create_task(
                client.post("/api/articles", json={"url": f"{drip}/drip/{n}"}, headers=AUTH)
            )
            for n in range(45)
        ]
        await asyncio.sleep(0.5)
        during = await slowest_read(client, 5)
        return before, during, await asyncio.gather(*posted)


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
        before, during, answers = asyncio.run(reads_during_ingests(server.url, drip.base))
    finally:
        server.stop()
    # A second on a quiet machine; a machine too busy to answer one read that fast anyway
    # gets the same margin over its own pace.
    assert during < max(1.0, 1.0 + before), (before, during)
    statuses = [answer.status_code for answer in answers]
    assert set(statuses) == {422, 503}
    assert statuses.count(503) >= 45 - 16
    cut = next(answer for answer in answers if answer.status_code == 422)
    assert "no complete answer within 1 s" in cut.json()["detail"]
    assert next(a for a in answers if a.status_code == 503).headers["retry-after"] == "5"
