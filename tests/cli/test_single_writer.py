"""Two ingests started together on one store: the second waits, and the result is one run's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest import read_paths
from polywire.pipeline import Pipeline
from polywire.store import Store, open_store
from tests.conftest import CORPUS, ROOT

FILES = sorted(CORPUS.glob("*.html"))[:8]


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "shared.db")


def grouping(store: Store) -> set[frozenset[str]]:
    """Each story as the set of its articles' sources."""
    stories = set()
    for summary in store.stories(limit=1000):
        detail = store.story(summary.id)
        assert detail is not None
        stories.add(frozenset(row.source for rows in detail.families.values() for row in rows))
    return stories


def test_a_second_ingest_waits_for_the_first_and_adds_nothing(
    location: str, tmp_path: Path, encoder: Encoder
) -> None:
    ingests = [
        subprocess.Popen(
            [sys.executable, "-m", "polywire", "ingest", *map(str, FILES), "--db", location],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [process.communicate(timeout=600) for process in ingests]
    assert [process.returncode for process in ingests] == [0, 0], results
    waited = [err for _, err in results if "Another ingest or watch is writing" in err]
    assert len(waited) == 1
    outs = sorted(out for out, _ in results)
    assert outs[0].startswith("0 ingested") and f"{len(FILES)} duplicates skipped" in outs[0]

    one_run = str(tmp_path / "one-run.db")
    with open_store(one_run) as store:
        Pipeline(store, Settings(db=one_run), encoder=encoder).ingest(read_paths(FILES, 10**7))
        expected = grouping(store)
    with open_store(location) as store:
        assert store.count_articles() == len(FILES)
        assert grouping(store) == expected
