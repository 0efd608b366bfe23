"""A bookmark of a story a consolidation absorbed leads to the story that absorbed it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import httpx
import numpy as np
import pytest
from selenium.webdriver.common.by import By

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.model import Assignment, Regrouping
from polywire.store import open_store
from tests.conftest import empty_store
from tests.store.test_backends import new
from tests.web.browser import chromium
from tests.web.conftest import serve


@dataclass(frozen=True)
class Moved:
    url: str
    absorbed: int
    """Absorbed into ``middle``, which was absorbed into ``into``: two hops."""
    middle: int
    into: int


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def moved(
    request: pytest.FixtureRequest, encoder: Encoder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Moved]:
    db = empty_store(request, request.param, tmp_path_factory.mktemp("moves"), "web")
    with open_store(db) as store:
        # Vectors of the encoder's size: the server's search index reads them at start.
        articles = [replace(new(n), vector=np.full(encoder.dim, n, np.float32)) for n in (1, 2, 3)]
        placed = [store.add(article, Assignment(None, None, None)) for article in articles]
        one, two, three = (p.story for p in placed)
        store.regroup(Regrouping(merged={one: two}, threads={two: placed[1].thread}))
        store.regroup(Regrouping(merged={two: three}, threads={three: placed[2].thread}))
    server = serve(Settings(db=db), encoder)
    yield Moved(server.url, one, two, three)
    server.stop()


def test_the_api_redirects_an_absorbed_story(moved: Moved) -> None:
    with httpx.Client(base_url=moved.url, timeout=60) as http:
        for old in (moved.absorbed, moved.middle):
            answer = http.get(f"/api/stories/{old}")
            assert answer.status_code == 301
            assert answer.headers["location"] == f"/api/stories/{moved.into}"
        story = http.get(f"/api/stories/{moved.absorbed}", follow_redirects=True).json()
        assert story["summary"]["id"] == moved.into and story["summary"]["articles"] == 3
        assert http.get("/api/stories/999").status_code == 404


def test_a_bookmarked_page_of_an_absorbed_story_opens_the_story(moved: Moved) -> None:
    with httpx.Client(base_url=moved.url, timeout=60) as http:
        answer = http.get(f"/stories/{moved.absorbed}", params={"lang": "en"})
        assert answer.status_code == 301
        assert answer.headers["location"] == f"/stories/{moved.into}?lang=en"
        assert http.get("/stories/999").status_code == 404
    browser = chromium()
    try:
        browser.get(f"{moved.url}/stories/{moved.absorbed}")
        assert browser.current_url == f"{moved.url}/stories/{moved.into}"
        assert browser.find_element(By.CSS_SELECTOR, "h1").text == "Title 1"
    finally:
        browser.quit()
