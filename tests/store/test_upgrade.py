"""Stores written before Alembic open and upgrade in place; new ones start at the latest."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext

from polywire.model import Regrouping
from polywire.store import StoreUnusable, open_store
from polywire.store.connect import engine_for

FIXTURES = Path(__file__).parent / "fixtures"
LATEST = "0018"


def revision(location: str) -> str | None:
    engine = engine_for(location)
    with engine.connect() as db:
        found = MigrationContext.configure(db).get_current_revision()
    engine.dispose()
    return found


@pytest.fixture(params=["sqlite", "postgres"])
def old_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store of schema 13 written by Polywire 0.1.0 (tests/store/fixtures/make_schema13.py)."""
    if request.param == "sqlite":
        path = tmp_path / "schema13.db"
        shutil.copy(FIXTURES / "schema13.db", path)
        return str(path)
    url = str(request.getfixturevalue("postgres_url"))
    with psycopg.connect(url, autocommit=True) as db:
        db.execute((FIXTURES / "schema13.sql").read_text(encoding="utf-8").encode())
        db.execute("SET search_path TO public")
    return url


def test_a_store_of_schema_13_opens_and_keeps_everything(old_store: str) -> None:
    with open_store(old_store) as store:
        (earthquake, calm) = sorted(store.stories(), key=lambda story: story.id)
        assert earthquake.headline == "Earthquake hits the coast"
        assert earthquake.articles == 2 and calm.articles == 1
        assert [(e.label, e.articles) for e in store.entities()] == [("Baku", 3)]
        assert store.version_links([2])[2].kind == "translation"
        assert store.site_line_pages("news.example", ["line-a"]) == {"line-a": 1}
        (feed,) = store.feeds()
        assert (feed.etag, feed.items_seen, feed.mean_delay_seconds) == ('"v1"', 3, 60.0)
        assert store.is_seen("https://news.example/1")
        assert store.article(1) == store.family(1)[0]
    assert revision(old_store) == LATEST


def test_old_language_tags_are_normalised_once(old_store: str) -> None:
    with open_store(old_store) as store:
        assert [row.lang for row in store.window(None)] == ["en", "ru", "en"]
    with open_store(old_store) as store:  # reopening changes nothing
        assert store.stories(lang="en")[0].languages == ["en"]
    assert revision(old_store) == LATEST


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_new_store_starts_at_the_latest_revision_and_reopens_as_it_is(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    postgres = backend == "postgres"
    location = request.getfixturevalue("postgres_url") if postgres else str(tmp_path / "new.db")
    for _ in range(2):
        open_store(location).close()
        assert revision(location) == LATEST
    if not postgres:
        assert sqlite3.connect(location).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_older_than_schema_13_is_refused_with_the_release_that_upgrades_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "schema12.db"
    shutil.copy(FIXTURES / "schema13.db", path)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 12")
    with pytest.raises(StoreUnusable, match=r"schema 12.*Polywire 0\.1\.0"):
        open_store(str(path))


def test_a_store_of_schema_14_keeps_its_subscriptions(tmp_path: Path) -> None:
    path = tmp_path / "schema14.db"
    shutil.copy(FIXTURES / "schema13.db", path)
    with sqlite3.connect(path) as db:  # as 0014_subscriptions.sql left it
        db.execute(
            "CREATE TABLE subscriptions (id INTEGER PRIMARY KEY, query TEXT, entity_id "
            "INTEGER, entity_name TEXT, lang TEXT, site TEXT, headline_lang TEXT, "
            "webhook_url TEXT, secret TEXT, created_at TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO subscriptions (query, created_at) "
            "VALUES ('quake', '2024-10-03T12:00:00.000000Z')"
        )
        db.execute("PRAGMA user_version = 14")
    with open_store(str(path)) as store:
        assert [sub.query for sub in store.subscriptions()] == ["quake"]
        assert store.matches(1) == [] and store.deliveries(1) == []
    assert revision(str(path)) == LATEST


def test_the_full_text_index_of_an_old_store_is_dropped(old_store: str) -> None:
    with open_store(old_store):
        pass
    with engine_for(old_store).connect() as db:
        left = db.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'articles_fts%'"
            if db.dialect.name == "sqlite"
            else "SELECT indexname FROM pg_indexes WHERE indexname = 'articles_fts'"
        ).all()
    assert left == []
    assert revision(old_store) == LATEST


def test_an_upgraded_store_records_story_moves(old_store: str) -> None:
    with open_store(old_store) as store:
        earthquake, calm = sorted(story.id for story in store.stories())
        store.regroup(Regrouping(merged={calm: earthquake}))
        assert store.story_moved_to(calm) == earthquake
        assert [story.id for story in store.stories()] == [earthquake]


def test_an_old_store_finds_a_familys_articles_by_one_index_of_family_and_time(
    old_store: str,
) -> None:
    with open_store(old_store):
        pass
    engine = engine_for(old_store)
    indexes = {i["name"]: i["column_names"] for i in sa.inspect(engine).get_indexes("articles")}
    engine.dispose()
    assert indexes["ix_articles_family_id_happened_at"] == ["family_id", "happened_at"]
    assert [name for name, columns in indexes.items() if columns == ["family_id"]] == []
