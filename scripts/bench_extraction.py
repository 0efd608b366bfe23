"""Extraction quality on ../shared/data/article-extraction-benchmark (181 real pages).

Usage: .venv/bin/python scripts/bench_extraction.py [--data ../shared/data]

Token 4-shingle precision/recall/F1, averaged over pages, for plain trafilatura
(measured in the same run as a reference), Polywire's HTML path, and on
whole-page text dumps, "keep everything" beside Polywire's line cleaner.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from polywire.evaluate.extraction import benchmark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    args = parser.parse_args()
    scores = benchmark(args.data / "article-extraction-benchmark")
    print(f"{'system':<30} {'precision':>9} {'recall':>9} {'F1':>7}")
    for name, score in scores.items():
        print(f"{name:<30} {score.precision:>9.3f} {score.recall:>9.3f} {score.f1:>7.3f}")


if __name__ == "__main__":
    main()
