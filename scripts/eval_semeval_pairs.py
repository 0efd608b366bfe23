"""SemEval dev pairs through the pipeline: each pair into an empty SQLite store, the first
text and then the second. One story? One family?

Usage: PYTHONPATH=src:scripts .venv/bin/python scripts/eval_semeval_pairs.py [--limit N]

Texts are read as ``fit_params`` reads them (headline, cleaned body). Pairs rated one event
(overall ≤ 1.5) and different events (≥ 3) count; the rest are left out, as in
``fit_params``. Unlike ``fit_params``, which clusters in memory, this runs what ingest runs,
the family rule's second opinion (sentence alignment) included. Different-event pairs that
become one family are printed: there must be none, bar pairs that are mostly one text
(``fit_params.one_text_pairs``: crawled error pages, paywall notices).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from fit_params import dev_records
from polywire.config import Settings
from polywire.embed import Remembering, get_encoder
from polywire.ingest.jsonl import read_jsonl
from polywire.pipeline import Pipeline
from polywire.store import open_store

SAME_EVENT, OTHER_EVENT = 1.5, 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    parser.add_argument("--limit", type=int, default=0, help="only the first N rated pairs")
    args = parser.parse_args()
    settings = Settings.from_env()
    encoder = Remembering(get_encoder(settings.encoder))
    together = {True: 0, False: 0}
    apart_same = 0
    families: list[str] = []
    rated = unplaced = 0
    read = dev_records(args.data / "semeval-dev-pairs.jsonl")
    for (pair, first), (_, second) in zip(read[::2], read[1::2], strict=True):
        if SAME_EVENT < pair["overall"] < OTHER_EVENT:
            continue
        if args.limit and rated == args.limit:
            break
        rated += 1
        one_event = pair["overall"] <= SAME_EVENT
        with tempfile.TemporaryDirectory(prefix="polywire-semeval-") as folder:
            path = Path(folder) / "pair.jsonl"
            records = [
                {"title": a.title, "text": a.body, "lang": pair[f"lang{side}"]}
                for a, side in ((first, "1"), (second, "2"))
            ]
            path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            trial = Settings.from_env(db=str(Path(folder) / "pair.db"))
            with open_store(trial.db) as store:
                report = Pipeline(store, trial, encoder=encoder).ingest(read_jsonl(path, 10**7))
        placed = list(report.ingested.values())
        if len(placed) != 2:  # a text refused (empty, or one text twice): not scored
            unplaced += 1
            continue
        same_story = placed[0].story == placed[1].story
        if same_story:
            together[one_event] += 1
        elif one_event:
            apart_same += 1
        if placed[0].family == placed[1].family and not one_event:
            families.append(f"{pair['pair_id']} ({pair['lang1']}-{pair['lang2']})")
    precision = together[True] / max(1, together[True] + together[False])
    recall = together[True] / max(1, together[True] + apart_same)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{rated} rated pairs, {unplaced} not scored (a text refused): "
        f"story pair P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
    )
    print(f"different-event pairs in one family: {len(families)} {families}")


if __name__ == "__main__":
    main()
