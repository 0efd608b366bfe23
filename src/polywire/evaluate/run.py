"""``polywire eval``: ingest labelled JSONL into a throw-away store and score the grouping."""

from __future__ import annotations

import itertools
import json
import random
import tempfile
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.errors import BadInput
from polywire.evaluate.metrics import Scores, score
from polywire.ingest.jsonl import read_jsonl
from polywire.model import Document, Failure
from polywire.pipeline import Pipeline
from polywire.store import open_store

Level = Literal["family", "story", "thread"]
GOLD_FIELD: dict[Level, str] = {"family": "story", "story": "story", "thread": "topic"}
"""The gold label each level is scored against."""


@dataclass(frozen=True)
class EvalReport:
    level: Level
    articles: int
    skipped: int
    """Records not scored: failed, or duplicates of an earlier record."""
    seconds: float
    overall: Scores
    by_language_pair: dict[tuple[str, str], Scores]

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def evaluate(
    path: Path,
    levels: Sequence[Level],
    settings: Settings,
    encoder: Encoder | None = None,
    shuffle_seed: int | None = None,
) -> list[EvalReport]:
    """Ingest ``path`` once, in order (or shuffled), into a temporary store; score each level."""
    labels = {level: _labels(path, GOLD_FIELD[level]) for level in levels}
    documents: list[Document | Failure] = list(read_jsonl(path, settings.max_file_bytes))
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(documents)
    with tempfile.TemporaryDirectory(prefix="polywire-eval-") as folder:
        trial = replace(settings, db=str(Path(folder) / "eval.db"))
        with open_store(trial.db) as store:
            pipeline = Pipeline(store, trial, encoder=encoder)
            started = time.perf_counter()
            report = pipeline.ingest(documents)
            seconds = time.perf_counter() - started
    if not report.ingested:
        raise BadInput(f"no record of {path} could be ingested")
    reports = []
    for level, (gold, langs) in labels.items():
        sources = [s for s in report.ingested if s in gold]
        predicted = [getattr(report.ingested[s], level) for s in sources]
        truth = [gold[s] for s in sources]
        reports.append(
            EvalReport(
                level=level,
                articles=len(sources),
                skipped=len(gold) - len(sources),
                seconds=seconds,
                overall=score(truth, predicted),
                by_language_pair=_by_language_pair(truth, predicted, [langs[s] for s in sources]),
            )
        )
    return reports


def _labels(path: Path, field: str) -> tuple[dict[str, Hashable], dict[str, str]]:
    """Gold label and language of each record, by the source name ingestion gives it."""
    gold: dict[str, Hashable] = {}
    langs: dict[str, str] = {}
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            source = f"{path}:{number}"
            try:
                record = json.loads(raw)
            except json.JSONDecodeError:
                continue  # ingestion reports it
            if field not in record:
                raise BadInput(f"{source}: no gold label {field!r} for this level")
            gold[source] = json.dumps(record[field])
            langs[source] = str(record.get("lang") or "und")
    return gold, langs


def _by_language_pair(
    truth: list[Hashable], predicted: list[int], langs: list[str]
) -> dict[tuple[str, str], Scores]:
    """Scores on the articles of each pair of languages (and of each language alone)."""
    pairs = itertools.combinations_with_replacement(sorted(set(langs)), 2)
    result = {}
    for a, b in pairs:
        keep = [i for i, lang in enumerate(langs) if lang in (a, b)]
        if len(keep) > 1:
            result[(a, b)] = score([truth[i] for i in keep], [predicted[i] for i in keep])
    return result
