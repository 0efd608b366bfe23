"""Extraction quality on ../shared/data/article-extraction-benchmark (181 real pages).

Usage: .venv/bin/python scripts/bench_extraction.py [--data ../shared/data] [--cv]

Token 4-shingle precision/recall/F1, averaged over pages, in one run:

- HTML: plain trafilatura, then each of Polywire's choices added one at a time,
  with the pages each one wins and loses against the step before it;
- visible-text dumps of the same pages (``page_text``): "keep everything" beside
  Polywire's line cleaner;
- per language, the cleaner on the seeds and the sample corpus, against the
  hand-read gold in tests/extract/fixtures/dump_gold.json.

``--cv`` also scores the cleaner by 5-fold cross-validation over pages: its rules
chosen from ``GRID`` on four fifths of the pages, scored on the rest (6–10 minutes).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from polywire.evaluate.extraction import (
    HTML_STEPS,
    SYSTEMS,
    corpus_score,
    cross_validate,
    gold_dumps,
    page_matches,
    score_gold_dumps,
    wins,
)
from polywire.evaluate.metrics import PRF

ROOT = Path(__file__).parents[1]
GRID: dict[str, list[Any]] = {
    "prose_offset": [5.0, 10.0, 15.0],
    "boundary_lines": [4, 6, 8, 1000],
    "doubt_cost": [1.0, 3.0, 6.0],
    "gap_cost": [5.0, 10.0, 20.0],
    "min_stopwords": [0.1, 0.2, 0.3],
}
"""The cleaner's rules tried by ``--cv`` (DumpRules field → values)."""

AGAINST = {
    "  + without comments": "trafilatura (defaults)",
    "  + favor_precision": "  + without comments",
    "  favor_recall instead": "  + without comments",
    "polywire HTML": "trafilatura (defaults)",
}
"""What each HTML step is compared with, page by page."""


def row(name: str, score: PRF, note: str = "") -> None:
    print(f"{name:<32} {score.precision:>9.3f} {score.recall:>9.3f} {score.f1:>7.3f}  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "../shared/data")
    parser.add_argument("--cv", action="store_true", help="cross-validate the dump cleaner")
    args = parser.parse_args()
    folder = args.data / "article-extraction-benchmark"
    if args.cv:
        score, chosen = cross_validate(folder, GRID)
        print("text dumps, 5-fold cross-validation over pages:")
        row("  polywire cleaner (CV)", score)
        for rules in chosen:
            print("  fold's choice:", {name: getattr(rules, name) for name in GRID})
    systems = {**HTML_STEPS, **{k: v for k, v in SYSTEMS.items() if k.startswith("text")}}
    found = page_matches(folder, systems)
    print(f"{'system':<32} {'precision':>9} {'recall':>9} {'F1':>7}  pages won/lost")
    for name, by_page in found.items():
        base = AGAINST.get(name)
        note = ""
        if base:
            better, worse = wins(found[base], by_page)
            note = f"{better}/{worse} vs {base.strip()}"
        row(name, corpus_score(list(by_page.values())), note)
    roots = {"seeds": args.data.parent / "seeds", "corpus": ROOT / "examples" / "corpus"}
    dumps = gold_dumps(ROOT / "tests/extract/fixtures/dump_gold.json", roots)
    print(f"\n{'language':<9} {'pages':>5} {'precision':>9} {'recall':>9} {'F1':>7}", end="")
    print(f" {'paragraphs kept':>16} {'debris dropped':>15}")
    for gold in sorted(score_gold_dumps(dumps), key=lambda s: s.lang):
        s = gold.shingles
        print(f"{gold.lang:<9} {gold.pages:>5} {s.precision:>9.3f} {s.recall:>9.3f}", end="")
        print(f" {s.f1:>7.3f} {gold.paragraphs_kept:>16.3f} {gold.debris_dropped:>15.3f}")


if __name__ == "__main__":
    main()
