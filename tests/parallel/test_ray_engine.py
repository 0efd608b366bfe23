"""The Ray engine against the single-process one: the same families, stories, threads, copies
and vectors, on real Ray, with near-duplicates among the inputs.

The Ray run is a real `polywire ingest --engine ray` process: Ray's runtime must
load before the vector index's (see polywire.cluster.index), which a test
process that has already clustered cannot promise.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import numpy as np
import numpy.typing as npt
import psycopg
import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest import input_files, read_paths
from polywire.model import Document
from polywire.parallel.order import publication_order
from polywire.pipeline import Pipeline, extract_safely
from polywire.store import Store, open_store
from tests.conftest import CORPUS, SEEDS, empty_store

Groups = set[frozenset[str]]


def groups(store: Store) -> tuple[Groups, Groups, Groups]:
    """Families, stories and threads as sets of file names: ids differ between stores, groups
    must not."""
    stories = [s.id for s in store.stories(limit=10_000)]
    levels: tuple[dict[int, set[str]], ...] = ({}, {}, {})
    for rows in store.story_articles(stories).values():
        for row in rows:
            for level, group in zip(levels, (row.family, row.story, row.thread), strict=True):
                level.setdefault(group, set()).add(Path(row.source).name)
    families, by_story, threads = ({frozenset(g) for g in level.values()} for level in levels)
    return families, by_story, threads


def copies_and_vectors(
    store: Store, location: str
) -> tuple[dict[str, str], dict[str, npt.NDArray[np.float32]]]:
    """Each stored copy's twin, and each article's vector, by file name.

    No store method reads ``copy_of`` back, so it is read here with SQL.
    """
    query = """SELECT a.source, c.source FROM articles a JOIN articles c ON c.id = a.copy_of"""
    if location.startswith("postgresql://"):
        with psycopg.connect(location) as db:
            rows = db.execute(query).fetchall()
    else:
        with closing(sqlite3.connect(location)) as db:
            rows = db.execute(query).fetchall()
    ids, vectors = store.article_vectors()
    names = {int(i): Path(store.article(int(i)).source).name for i in ids}  # type: ignore[union-attr]
    return (
        {Path(copy).name: Path(twin).name for copy, twin in rows},
        {names[int(i)]: vector for i, vector in zip(ids, vectors, strict=True)},
    )


def near_copies(folder: Path) -> Path:
    """Another site's copies of the corpus's plain-text articles: a clause added to their
    longest paragraph, so the text differs while the lead the encoder reads hardly does."""
    folder.mkdir()
    for original in sorted(CORPUS.glob("*.txt")):
        lines = original.read_text(encoding="utf-8").split("\n")
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        lines[longest] += " (updated)"
        (folder / f"copy-{original.name}").write_text("\n".join(lines), encoding="utf-8")
    return folder


def in_publication_order(documents: list[Document]) -> list[Document]:
    """As the Ray engine places them."""
    extracted = [extract_safely(document)[0] for document in documents]
    order = sorted(range(len(documents)), key=lambda i: publication_order(extracted[i], i))
    return [documents[i] for i in order]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_ray_and_one_process_give_the_same_families_and_stories(
    tmp_path: Path, encoder: Encoder, backend: str, request: pytest.FixtureRequest
) -> None:
    single_db = empty_store(request, backend, tmp_path, "single")
    ray_db = empty_store(request, backend, tmp_path, "ray")
    copies = near_copies(tmp_path / "copies")
    # Batches of one: a copy is then always placed after its twin is stored, in both engines.
    on_ray = subprocess.run(
        [
            *(sys.executable, "-m", "polywire", "ingest", str(CORPUS), str(SEEDS), str(copies)),
            *("--db", ray_db, "--engine", "ray", "--workers", "2"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "POLYWIRE_BATCH_SIZE": "1"},
    )
    assert on_ray.returncode == 0, on_ray.stderr[-2000:]
    documents = [
        item
        for item in read_paths(input_files([CORPUS, SEEDS, copies]), 10**7)
        if isinstance(item, Document)
    ]
    with open_store(single_db) as store:
        single = Pipeline(store, Settings(db=single_db, batch_size=1), encoder=encoder)
        report = single.ingest(in_publication_order(documents))
        expected = groups(store)
        expected_copies, expected_vectors = copies_and_vectors(store, single_db)
    assert len(report.near_duplicates) == len(expected_copies) >= 5
    with open_store(ray_db) as store:
        assert store.count_articles() == len(report.ingested) > 20
        assert groups(store) == expected
        got_copies, got_vectors = copies_and_vectors(store, ray_db)
    assert got_copies == expected_copies
    assert got_vectors.keys() == expected_vectors.keys()
    for name, vector in got_vectors.items():
        # Each engine embeds in batches of its own: the same vector, up to float rounding.
        assert float(vector @ expected_vectors[name]) > 0.9999, name
    for copy, twin in got_copies.items():
        np.testing.assert_array_equal(got_vectors[copy], got_vectors[twin])
    assert f"{len(report.ingested)} ingested" in on_ray.stdout
