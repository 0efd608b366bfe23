"""An ingest killed mid-batch, then run again, stores every article exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polywire.store import open_store
from tests.conftest import CORPUS


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "crash.db")


def ingest(location: str) -> subprocess.Popen[bytes]:
    # Batches of two: the kill lands between the commits of a run that is well under way.
    env = {**os.environ, "POLYWIRE_BATCH_SIZE": "2"}
    return subprocess.Popen(
        [sys.executable, "-m", "polywire", "ingest", str(CORPUS), "--db", location],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stored(location: str) -> int:
    with open_store(location) as store:
        return store.count_articles()


def test_sigkill_mid_ingest_then_rerun_stores_each_article_once(location: str) -> None:
    first = ingest(location)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first.poll() is None:
        try:
            if stored(location) >= 4:
                break
        except Exception:  # noqa: BLE001 - the ingest may not have created the schema yet
            pass
        time.sleep(0.05)
    assert first.poll() is None, "the ingest finished before it could be killed"
    first.send_signal(signal.SIGKILL)
    first.wait()
    partial = stored(location)
    assert 4 <= partial < 17

    assert ingest(location).wait(timeout=300) == 0
    assert stored(location) == 17
    sources = []
    with open_store(location) as store:
        for summary in store.stories(limit=100):
            detail = store.story(summary.id)
            assert detail is not None
            sources += [row.source for rows in detail.families.values() for row in rows]
    assert len(sources) == len(set(sources)) == 17
