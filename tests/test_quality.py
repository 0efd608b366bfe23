"""Quality floors, like trafilatura's evaluation gate: CI fails if grouping gets worse.

The floors sit just under what ``polywire eval`` measures on the dev data today
(docs/quality.md). Raise them when the model improves; never lower them to pass.

ECB+ is scored as the mean over the file order and three shuffles (``polywire eval
--shuffle 1..3``): one order can be lucky, and threads spread by 0.06 between orders.
"""

from __future__ import annotations

import numpy as np
import pytest

from polywire.config import Settings
from polywire.embed import Encoder, Remembering
from polywire.evaluate import Level, evaluate
from polywire.evaluate.entities import score_entities
from polywire.evaluate.extraction import benchmark
from tests.conftest import DATA

FLOORS: dict[tuple[str, Level], float] = {
    # 1.000 before issue 26; the family rule then kept off every different-event SemEval pair
    # and some translations with few numbers stayed families of their own (0.984). Sentence
    # alignment as its second opinion: 0.995, and ≥ 0.991 in every order (docs/quality.md).
    ("ntrex-dev.jsonl", "family"): 0.99,
    # 0.887 before stories were bounded in time (story_span_days); ECB+'s gold stories hold
    # reports weeks apart, which the bound splits by design (docs/quality.md, Stories in time).
    ("ecbplus-dev.jsonl", "story"): 0.845,
    # 0.921 before issue 26; stories that heal, with biases fitted to them (make fit now
    # consolidates as the pipeline does), measure 0.923; refitted with SemEval read as the
    # pipeline reads it and each headline read once, 0.922 (docs/quality.md).
    ("ecbplus-dev.jsonl", "thread"): 0.915,
}
ORDERS: dict[str, list[int | None]] = {
    "ntrex-dev.jsonl": [None],
    "ecbplus-dev.jsonl": [None, 1, 2, 3],
}
"""Shuffle seeds each file is scored in (None: file order)."""


@pytest.mark.parametrize("name", sorted(ORDERS))
def test_bcubed_f1_stays_above_its_floor(name: str, settings: Settings, encoder: Encoder) -> None:
    levels = [level for file, level in FLOORS if file == name]
    remembering = Remembering(encoder)
    scores: dict[Level, list[float]] = {level: [] for level in levels}
    for seed in ORDERS[name]:
        for report in evaluate(DATA / name, levels, settings, remembering, seed):
            scores[report.level].append(report.overall.bcubed.f1)
    for level, f1 in scores.items():
        assert np.mean(f1) >= FLOORS[(name, level)], f"{name} {level}: {f1}"


def test_extraction_f1_stays_above_its_floors() -> None:
    # Every other page of the 181, to keep the test short; docs/quality.md has all of them.
    scores = benchmark(DATA / "article-extraction-benchmark", every=2)
    assert scores["polywire HTML"].f1 >= 0.97
    assert scores["polywire HTML"].f1 >= scores["trafilatura (defaults)"].f1
    dumps = scores["text dump: polywire cleaner"]
    assert dumps.f1 >= 0.87 and dumps.recall >= 0.89, dumps
    assert scores["text dump: keep everything"].f1 < 0.70


def test_entities_stay_above_their_floors(settings: Settings, encoder: Encoder) -> None:
    scores = {s.lang: s for s in score_entities(DATA / "ntrex-dev.jsonl", settings, encoder)}
    cased = [s.found for lang, s in scores.items() if lang != "arb"]
    # Found and linked, the four languages with case. The span rules that raised precision
    # on the hand-written gold set to 95% cost recall here (80.3% → 74.4%, docs/quality.md).
    assert sum(cased) / len(cased) >= 0.73
    # 0.43 until issue 26's family rule, which leaves some ntrex translations without a family,
    # and a name is linked across languages through its family (42.7%, docs/quality.md).
    assert scores["arb"].found >= 0.42
    assert all(s.wrong <= 0.04 for s in scores.values()), scores
