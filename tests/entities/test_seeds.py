"""The seeds' people and places, each one entity across Russian, Azerbaijani, Arabic and English."""

from __future__ import annotations

import pytest

from polywire.pipeline import Pipeline
from polywire.store import Store
from tests.conftest import SEEDS
from tests.test_pipeline import ingest

# Each entity with the English form it must gather.
EXPECTED = [
    "Lukashenko",
    "Ilham Aliyev",
    "Heydar Aliyev",
    "Asadov",
    "Golovchenko",
    "Minsk",
    "Baku",
    "Azerbaijan",
    "Belarus",
    "COP29",
]


@pytest.fixture
def entities(pipeline: Pipeline, store: Store) -> dict[str, dict[str, list[str]]]:
    ingest(pipeline, *sorted(SEEDS.glob("00[0-3]_*.txt")))
    return {form: e.forms for e in store.entities(limit=500) for form in e.forms.get("en", [])}


@pytest.mark.parametrize("name", EXPECTED)
def test_each_entity_is_linked_in_all_four_versions(
    entities: dict[str, dict[str, list[str]]], name: str
) -> None:
    assert set(entities[name]) == {"ru", "az", "ar", "en"}, entities[name]


def test_ilham_and_heydar_aliyev_are_told_apart(
    entities: dict[str, dict[str, list[str]]],
) -> None:
    assert entities["Ilham Aliyev"]["ru"] != entities["Heydar Aliyev"]["ru"]
    assert entities["Ilham Aliyev"]["ar"] == ["إلهام علييف"]
    assert entities["Heydar Aliyev"]["ar"] == ["حيدر علييف"]


def test_a_surname_alone_is_the_full_name_of_the_story(
    entities: dict[str, dict[str, list[str]]],
) -> None:
    lukashenko = entities["Lukashenko"]
    assert lukashenko is entities["Alexander Lukashenko"]
    assert {"Лукашенко", "Александр Лукашенко"} <= set(lukashenko["ru"])
    assert {"لوكاشينكو", "ألكسندر لوكاشينكو"} <= set(lukashenko["ar"])
    # Two Aliyevs are named in full: neither takes the other's surname.
    assert entities["Ilham Aliyev"] is not entities["Heydar Aliyev"]


def test_stories_are_found_by_an_entity(pipeline: Pipeline, store: Store) -> None:
    report = ingest(pipeline, *sorted(SEEDS.glob("*.txt")))
    # All five seeds name him in full, and 000–003 by surname too: one entity.
    lukashenko = next(e for e in store.entities() if e.label == "Lukashenko")
    stories = {placement.story for placement in report.ingested.values()}
    assert {s.id for s in store.stories(entity=lukashenko.id)} == stories
    assert store.stories(entity=999_999) == []
    only = store.entities(story_id=min(stories))
    assert only and all(e.articles >= 1 for e in only)
