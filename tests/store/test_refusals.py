"""What a store refuses: data the database cannot hold, ids it cannot have, stores it cannot use."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from polywire.model import Assignment
from polywire.store import Store, StoreRefused, StoreUnusable, open_store
from polywire.store.connect import engine_for
from polywire.store.sql import MAX_ID
from tests.store.test_backends import new

NEW = Assignment(None, None, None)


def test_an_article_the_database_refuses_fails_alone(store: Store) -> None:
    bad = new(1)
    bad = replace(bad, article=replace(bad.article, body="Half a pair \ud800 of surrogates."))
    with pytest.raises(StoreRefused, match="the database refused it"):
        store.add(bad, NEW)
    store.add(new(2), NEW)
    assert store.count_articles() == 1


def test_postgres_refuses_nul_in_one_article_only(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        bad = new(1)
        bad = replace(bad, article=replace(bad.article, body="A NUL \x00 inside."))
        with pytest.raises(StoreRefused, match="NUL"):
            store.add(bad, NEW)
        store.add(new(2), NEW)
        assert store.count_articles() == 1


@pytest.mark.parametrize("too_big", [MAX_ID + 1, 2**64, 10**23])
def test_ids_beyond_64_bits_name_nothing(store: Store, too_big: int) -> None:
    placed = store.add(new(1), NEW)
    assert store.story(too_big) is None and store.article(too_big) is None
    assert store.stories(entity=too_big) == []
    assert store.entities(story_id=too_big) == [] and store.entity(too_big) is None
    assert store.story(placed.story) is not None


def test_a_file_that_is_no_database_is_refused_clearly(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not SQLite at all " * 200)
    with pytest.raises(StoreUnusable, match="is not a Polywire store, or it is damaged"):
        open_store(str(damaged))


def test_a_store_from_a_newer_polywire_is_refused_and_left_alone(location: str) -> None:
    open_store(location).close()
    engine = engine_for(location)
    with engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    before = Path(location).read_bytes() if "://" not in location else b""
    with pytest.raises(StoreUnusable, match="newer Polywire \\(schema revision f00d"):
        open_store(location)
    assert "://" in location or Path(location).read_bytes() == before
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "writer.db")


def test_one_writer_at_a_time_until_it_closes(location: str) -> None:
    first, second = open_store(location), open_store(location)
    try:
        assert first.claim_writer(wait=False)
        assert not second.claim_writer(wait=False)
        assert second.count_articles() == 0  # reading is never in the way
        first.close()
        assert second.claim_writer(wait=False)
    finally:
        second.close()
