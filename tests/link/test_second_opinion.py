"""Sentence alignment decides where the family rule is unsure (``link.second_opinion``).

Real dev texts through the whole pipeline, the real encoder and real SQLite files: each
pair goes into an empty store, the first text and then the second.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.ingest.jsonl import read_jsonl
from polywire.link.second_opinion import AlignmentOpinion
from polywire.link.versions import sentences
from polywire.pipeline import Pipeline
from polywire.store import open_store
from tests.cluster.test_families import DIFFERENT_EVENTS as WRITTEN
from tests.conftest import DATA

# A CNN report and its Arabic translation: lead cosine low, few numbers; the family rule
# alone scores the pair about -2.4. Its 13 sentences align one for one.
TRANSLATION = ("cnn.304489.eng", "cnn.304489.arb")
# SemEval raters: different events (overall 4), German and English; the rule scores the pair
# about -1.7, inside the band, and no sentence of one says what a sentence of the other says.
DIFFERENT_EVENTS = "1599696355_1597175512"


def _ntrex(ids: tuple[str, ...]) -> list[dict[str, str]]:
    found = {}
    for line in (DATA / "ntrex-dev.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        if record["id"] in ids:
            found[record["id"]] = {"text": record["text"], "lang": record["lang"]}
    return [found[i] for i in ids]


def _semeval(pair_id: str) -> list[dict[str, str]]:
    for line in (DATA / "semeval-dev-pairs.jsonl").open(encoding="utf-8"):
        pair = json.loads(line)
        if pair["pair_id"] == pair_id:
            sides = [pair[f"text{side}"].partition("  ") for side in "12"]
            return [
                {"text": f"{title.strip()}\n{body}", "lang": pair[f"lang{side}"]}
                for (title, _, body), side in zip(sides, "12", strict=True)
            ]
    raise KeyError(pair_id)


def _one_family(
    records: list[dict[str, str]], settings: Settings, encoder: Encoder, folder: Path
) -> bool:
    folder.mkdir()
    path = folder / "pair.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    trial = replace(settings, db=str(folder / "polywire.db"))
    with open_store(trial.db) as store:
        report = Pipeline(store, trial, encoder=encoder).ingest(read_jsonl(path, 10**7))
    assert not report.failures
    first, second = report.ingested.values()
    return first.family == second.family


def _rule_alone(settings: Settings) -> Settings:
    return replace(settings, family_align_low=0.0, family_align_high=0.0)


def test_a_translation_the_rule_refuses_is_joined_by_its_alignment(
    settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    records = _ntrex(TRANSLATION)
    assert not _one_family(records, _rule_alone(settings), encoder, tmp_path / "rule")
    assert _one_family(records, settings, encoder, tmp_path / "aligned")


def test_the_sentences_a_second_opinion_embedded_are_kept_for_the_article(
    settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    path = tmp_path / "pair.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _ntrex(TRANSLATION)), encoding="utf-8")
    with open_store(str(tmp_path / "polywire.db")) as store:
        trial = replace(settings, db=str(tmp_path / "polywire.db"), link_versions=False)
        Pipeline(store, trial, encoder=encoder).ingest(read_jsonl(path, 10**7))
        first, second = (row.id for row in store.family(1))
        texts = store.texts([second])
        kept = store.sentence_vectors(second)
        assert kept is not None and len(kept) == len(sentences(*texts[second]))
        assert store.sentence_vectors(first) is not None  # the version it was aligned with


def test_reports_of_different_events_stay_apart_as_they_do_not_align(
    settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    records = _semeval(DIFFERENT_EVENTS)
    assert not _one_family(records, settings, encoder, tmp_path / "aligned")
    # In the band: an opinion that agreed to anything would join them.
    anything = replace(settings, family_align_share=0.0)
    assert _one_family(records, anything, encoder, tmp_path / "anything")


@pytest.mark.parametrize("pair", WRITTEN, ids=lambda p: f"{p[0]}-{p[2]}")
def test_the_written_pairs_of_different_events_stay_apart_through_the_pipeline(
    pair: tuple[str, str, str, str], settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    """``tests/cluster/test_families.py``'s pairs, with the second opinion the pipeline asks."""
    lang_a, text_a, lang_b, text_b = pair
    records = [{"text": text_a, "lang": lang_a}, {"text": text_b, "lang": lang_b}]
    assert not _one_family(records, settings, encoder, tmp_path / "pair")


def test_a_headline_and_a_line_get_no_second_opinion(
    settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    # Texts of two sentences align "one for one" with almost any other by chance.
    stored = {"text": "DAX schließt tiefer\nNach dem Zinsentscheid fiel der Index.", "lang": "de"}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(stored) + "\n", encoding="utf-8")
    with open_store(str(tmp_path / "polywire.db")) as store:
        report = Pipeline(store, settings, encoder=encoder).ingest(read_jsonl(path, 10**7))
        (placed,) = report.ingested.values()

        def opinion(title: str, body: str) -> AlignmentOpinion:
            return AlignmentOpinion(title, body, store, encoder, 0.4, 0.3, 3)

        assert opinion("Oil prices rise", "OPEC cut its output.").agrees(placed.family) is None
        # A text of several sentences is compared, but the family's two are not enough.
        several = "OPEC cut its output. Traders expect more cuts. Brent rose 3%."
        assert opinion("Oil prices rise", several).agrees(placed.family) is None
        # With no least length, the same two texts are compared.
        compared = AlignmentOpinion("Oil prices rise", several, store, encoder, 0.4, 0.3, 1)
        assert compared.agrees(placed.family) is not None
