"""The text-dump cleaner on the seeds and the sample corpus, against hand-read gold.

``fixtures/dump_gold.json`` holds, for each page (HTML pages as their visible text),
the openings of the article's paragraphs and of some debris lines, written by
reading them. docs/quality.md gives the per-language figures
(scripts/bench_extraction.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polywire.evaluate.extraction import GoldDump, gold_dumps, score_gold_dumps
from polywire.extract.text import clean_text
from tests.conftest import CORPUS, SEEDS

DUMPS = gold_dumps(
    Path(__file__).parent / "fixtures/dump_gold.json", {"seeds": SEEDS, "corpus": CORPUS}
)


@pytest.mark.parametrize("dump", DUMPS, ids=lambda d: d.path.name)
def test_every_paragraph_is_kept_and_the_debris_dropped(dump: GoldDump) -> None:
    body = clean_text(dump.text(), str(dump.path)).body.split("\n")
    for opening in dump.article:
        assert sum(line.startswith(opening) for line in body) == 1, opening
    for opening in dump.debris:
        assert not any(line.startswith(opening) for line in body), opening
    assert len(body) == len(dump.article)


def test_six_languages_score_on_the_shingle_measure() -> None:
    scores = {s.lang: s for s in score_gold_dumps(DUMPS)}
    assert sorted(scores) == ["ar", "az", "de", "en", "ru", "tr"]
    assert all(s.shingles.f1 >= 0.99 for s in scores.values()), scores
