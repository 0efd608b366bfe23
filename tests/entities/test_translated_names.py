"""A name that a translation renders in other words joins its original's entity."""

from __future__ import annotations

from dataclasses import replace

import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.pipeline import Pipeline
from polywire.store import Store
from tests.conftest import page

ENGLISH = (
    "Europe wins the Ryder Cup\n\n"
    "Europe won the Ryder Cup on Sunday near Paris, beating the United States by seven points. "
    "Thomas Bjorn, the European captain, said the Ryder Cup had never been won so clearly."
)
RUSSIAN = (
    "Европа выиграла Кубок Райдера\n\n"
    "Европа в воскресенье выиграла Кубок Райдера под Парижем, обыграв США с разницей в семь "
    "очков. Капитан европейцев Томас Бьорн сказал, что Кубок Райдера ещё никогда не "
    "выигрывали так уверенно."
)


def forms_of_ryder_cup(store: Store, settings: Settings, encoder: Encoder) -> dict[str, list[str]]:
    report = Pipeline(store, settings, encoder).ingest(
        [page("https://en.example/1", ENGLISH), page("https://ru.example/1", RUSSIAN)]
    )
    english, russian = report.ingested.values()
    assert english.family == russian.family  # a translation
    (cup,) = [e for e in store.entities(english.story) if "Ryder Cup" in e.forms.get("en", [])]
    return cup.forms


def test_a_translated_name_joins_its_originals_entity(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    assert forms_of_ryder_cup(store, settings, encoder)["ru"] == ["Кубок Райдера"]


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_without_alignment_no_key_links_it(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    unaligned = replace(settings, align_names=False)
    assert "ru" not in forms_of_ryder_cup(store, unaligned, encoder)
