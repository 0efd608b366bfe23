from __future__ import annotations

import json
from pathlib import Path

import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.errors import BadInput
from polywire.evaluate import evaluate
from tests.conftest import SEEDS

LANGS = {"000": "rus", "001": "aze", "002": "arb", "003": "eng", "004": "eng"}


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    """The seeds as labelled JSONL: 000–003 one text, 004 another event of the same thread."""
    path = tmp_path / "seeds.jsonl"
    lines = []
    for seed in sorted(SEEDS.glob("*.txt")):
        number = seed.name[:3]
        story = "visit" if number == "004" else "meeting"
        lines.append(
            json.dumps(
                {"text": seed.read_text(), "story": story, "topic": 1, "lang": LANGS[number]}
            )
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_scores_each_level_from_one_ingest(
    labelled: Path, settings: Settings, encoder: Encoder
) -> None:
    family, thread = evaluate(labelled, ["family", "thread"], settings, encoder)
    assert (family.level, family.articles, family.skipped) == ("family", 5, 0)
    assert thread.overall.bcubed.f1 == 1.0  # one topic, one thread
    assert family.overall.bcubed.recall == 1.0  # the four versions are one family
    assert ("arb", "rus") in family.by_language_pair
    assert family.by_language_pair[("arb", "rus")].bcubed.f1 == 1.0
    assert family.articles_per_second > 0
    assert not Path(settings.db).exists()  # the trial store is thrown away


def test_order_can_be_shuffled(labelled: Path, settings: Settings, encoder: Encoder) -> None:
    (report,) = evaluate(labelled, ["family"], settings, encoder, shuffle_seed=3)
    assert report.articles == 5


def test_missing_gold_label_is_a_clear_error(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": "Some text here.", "story": "a"}) + "\n")
    with pytest.raises(BadInput, match="no gold label 'topic'"):
        evaluate(path, ["thread"], settings)
