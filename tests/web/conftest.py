"""A served store holding the seeds, once per backend for the whole module."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest import read_paths
from polywire.pipeline import Pipeline
from polywire.store import open_store
from polywire.web import create_app
from tests.conftest import SEEDS, empty_store
from tests.web.live_server import LiveServer

TOKEN = "test-token-123"


@dataclass(frozen=True)
class Site:
    url: str
    settings: Settings
    backend: str


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def site(
    request: pytest.FixtureRequest, encoder: Encoder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The seeds ingested, then served with an API token set."""
    db = empty_store(request, request.param, tmp_path_factory.mktemp("web"), "web")
    settings = Settings(db=db, api_token=TOKEN, max_request_kb=64)
    with open_store(db) as store:
        Pipeline(store, settings, encoder=encoder).ingest(
            read_paths(sorted(SEEDS.glob("*.txt")), 10**7)
        )
    server = serve(settings, encoder)
    yield Site(server.url, settings, request.param)
    server.stop()


def serve(settings: Settings, encoder: Encoder) -> LiveServer:
    server = LiveServer(create_app(settings, encoder))
    server.start()
    return server


@pytest.fixture
def artifacts() -> Path:
    """Where browser tests leave screenshots to look at."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
