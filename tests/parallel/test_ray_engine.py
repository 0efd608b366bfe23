"""The Ray engine against the single-process one: the same families and stories, on real Ray.

The Ray run is a real `polywire ingest --engine ray` process: Ray's runtime must
load before the vector index's (see polywire.cluster.index), which a test
process that has already clustered cannot promise.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest import input_files, read_paths
from polywire.model import Document
from polywire.parallel.order import publication_order
from polywire.pipeline import Pipeline, extract_safely
from polywire.store import Store, open_store
from tests.conftest import CORPUS, SEEDS

Groups = set[frozenset[str]]


def groups(store: Store) -> tuple[Groups, Groups]:
    """Families and stories as sets of file names: ids differ between stores, groups must not."""
    stories = [s.id for s in store.stories(limit=10_000)]
    families: dict[int, set[str]] = {}
    by_story: dict[int, set[str]] = {}
    for story, rows in store.story_articles(stories).items():
        for row in rows:
            families.setdefault(row.family, set()).add(Path(row.source).name)
            by_story.setdefault(story, set()).add(Path(row.source).name)
    return {frozenset(f) for f in families.values()}, {frozenset(s) for s in by_story.values()}


def in_publication_order(documents: list[Document]) -> list[Document]:
    """As the Ray engine places them."""
    extracted = [extract_safely(document)[0] for document in documents]
    order = sorted(range(len(documents)), key=lambda i: publication_order(extracted[i], i))
    return [documents[i] for i in order]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_ray_and_one_process_give_the_same_families_and_stories(
    tmp_path: Path, encoder: Encoder, backend: str, request: pytest.FixtureRequest
) -> None:
    def location(name: str) -> str:
        if backend == "sqlite":
            return str(tmp_path / f"{name}.db")
        return str(request.getfixturevalue("postgres_server").new_database())

    single_db, ray_db = location("single"), location("ray")
    on_ray = subprocess.run(
        [
            *(sys.executable, "-m", "polywire", "ingest", str(CORPUS), str(SEEDS)),
            *("--db", ray_db, "--engine", "ray", "--workers", "2"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert on_ray.returncode == 0, on_ray.stderr[-2000:]
    documents = [
        item
        for item in read_paths(input_files([CORPUS, SEEDS]), 10**7)
        if isinstance(item, Document)
    ]
    with open_store(single_db) as store:
        single = Pipeline(store, Settings(db=single_db), encoder=encoder)
        report = single.ingest(in_publication_order(documents))
        expected = groups(store)
    with open_store(ray_db) as store:
        assert store.count_articles() == len(report.ingested) > 20
        assert groups(store) == expected
    assert f"{len(report.ingested)} ingested" in on_ray.stdout
