"""Restart from a snapshot: loaded when sound and current, rebuilt from the store otherwise."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import cast

import numpy as np
import pytest

from polywire.cluster.held import HeldArticles
from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest import input_files, read_paths
from polywire.model import Document
from polywire.pipeline import Pipeline
from polywire.snapshot import snapshot_path
from polywire.store import Store, open_store
from tests.conftest import SEEDS

MEETING = sorted(SEEDS.glob("00[0-3]_*"))


def documents(*paths: Path) -> list[Document]:
    return [d for d in read_paths(input_files(list(paths)), 10**7) if isinstance(d, Document)]


@pytest.fixture
def quick(settings: Settings) -> Settings:
    # Leads only (judging versions embeds every sentence), and a snapshot after every batch.
    return replace(settings, link_versions=False, snapshot_seconds=0.0)


def same_window(one: Pipeline, other: Pipeline) -> None:
    """Both pipelines hold the same articles, and propose the same candidates for them."""
    mine = cast(HeldArticles, one.clusterer.__getstate__()["held"])
    theirs = cast(HeldArticles, other.clusterer.__getstate__()["held"])
    assert len(one.clusterer) == len(other.clusterer) == len(mine) > 0
    np.testing.assert_array_equal(mine.vectors, theirs.vectors)
    for index in range(len(mine)):
        point = mine.point(index)
        assert one.clusterer.candidates(point) == other.clusterer.candidates(point)


def test_a_restart_loads_the_snapshot_it_left(
    store: Store, quick: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    path = tmp_path / "window.snapshot"
    first = Pipeline(store, quick, encoder=encoder, snapshot=path)
    assert first.restored == ""  # a new store: nothing to load, nothing to say
    first.ingest(documents(*MEETING))
    restarted = Pipeline(store, quick, encoder=encoder, snapshot=path)
    assert "loaded from" in restarted.restored
    same_window(restarted, first)  # a replay would hold only what the store's window has
    # It goes on as the first would: the visit is another story.
    placed = first.store.story_articles([s.id for s in store.stories()])
    (visit,) = restarted.ingest(documents(*SEEDS.glob("004_*"))).ingested.values()
    assert visit.story not in placed


def test_a_stale_damaged_or_foreign_snapshot_is_rebuilt_from_the_store(
    store: Store, quick: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    path = tmp_path / "window.snapshot"
    Pipeline(store, quick, encoder=encoder, snapshot=path).ingest(documents(*MEETING))
    kept = path.read_bytes()
    # Another run stored an article without writing a snapshot: the snapshot is behind.
    Pipeline(store, quick, encoder=encoder).ingest(documents(*SEEDS.glob("004_*")))
    stale = Pipeline(store, quick, encoder=encoder, snapshot=path)
    assert "stale" in stale.restored and "rebuilt from the store" in stale.restored
    same_window(stale, Pipeline(store, quick, encoder=encoder))
    # The rebuild wrote a current snapshot: the next start loads it.
    assert "loaded from" in Pipeline(store, quick, encoder=encoder, snapshot=path).restored
    current = path.read_bytes()
    for damaged in (current[: len(current) // 2], current[:-10] + bytes(10), b"\x00" * 100):
        path.write_bytes(damaged)
        restarted = Pipeline(store, quick, encoder=encoder, snapshot=path)
        assert "not used" in restarted.restored, restarted.restored
        same_window(restarted, Pipeline(store, quick, encoder=encoder))
    other = Pipeline(store, replace(quick, window_days=7), encoder=encoder, snapshot=path)
    assert "other settings" in other.restored
    path.write_bytes(kept)
    assert "stale" in Pipeline(store, quick, encoder=encoder, snapshot=path).restored


def test_a_postgres_snapshot_is_kept_by_the_store_url(tmp_path: Path) -> None:
    first = snapshot_path("postgresql://news@db.example/polywire")
    assert first == snapshot_path("postgresql://news@db.example/polywire")
    assert first != snapshot_path("postgresql://news@db.example/other")
    assert first.parent.name == "polywire"
    assert snapshot_path(str(tmp_path / "a.db")) == tmp_path / "a.db.snapshot"


_CHILD = """
import os, sys, time
from dataclasses import replace
from pathlib import Path
from polywire.cluster.held import HeldArticles
from polywire.config import Settings
from polywire.ingest import input_files, read_paths
from polywire.pipeline import Pipeline
from polywire.store import open_store
import polywire.snapshot as snapshot

db, marker, *files = sys.argv[1:]
synced = os.fsync
calls = []

def fsync(fd):
    calls.append(fd)
    # Each snapshot syncs its file, then its folder: the 5th is the third one's file, written
    # but not yet renamed into place. Stop there.
    if len(calls) == 5:
        Path(marker).write_text("writing")
        time.sleep(600)
    synced(fd)

snapshot.os.fsync = fsync
settings = Settings(db=db, link_versions=False, snapshot_seconds=0.0, batch_size=1)
with open_store(db) as store:
    store.claim_writer(wait=True)
    pipeline = Pipeline(store, settings, snapshot=snapshot.snapshot_path(db))
    pipeline.ingest(read_paths(input_files([Path(f) for f in files]), 10**7))
"""


def test_a_snapshot_killed_mid_write_is_detected_and_rebuilt_and_nothing_stored_is_lost(
    tmp_path: Path, quick: Settings, encoder: Encoder
) -> None:
    db, marker = tmp_path / "killed.db", tmp_path / "marker"
    files = [str(path) for path in sorted(SEEDS.iterdir()) if path.suffix != ".md"]
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db), str(marker), *files],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    path = snapshot_path(str(db))
    assert list(tmp_path.glob("killed.db.snapshot.*.tmp"))  # the half-done write is there
    with open_store(str(db)) as store:
        # Nothing stored is lost: the two batches of one stored before the kill are there.
        stored = store.count_articles()
        assert stored == 2
        settings = replace(quick, db=str(db))
        restarted = Pipeline(store, settings, encoder=encoder, snapshot=path)
        assert "stale" in restarted.restored, restarted.restored
        assert not list(tmp_path.glob("killed.db.snapshot.*.tmp"))
        same_window(restarted, Pipeline(store, settings, encoder=encoder))
        assert store.count_articles() == stored
        more = restarted.ingest(documents(*map(Path, files)))
        assert len(more.duplicates) == 2 and store.count_articles() == len(files)
    with open_store(str(db)) as store:
        again = Pipeline(store, replace(quick, db=str(db)), encoder=encoder, snapshot=path)
        assert "loaded from" in again.restored
