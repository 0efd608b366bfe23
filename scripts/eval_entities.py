"""Entities across languages on ntrex-dev: how many of the English version's are found in each
other version, and how many are linked to the wrong document's.

Usage: .venv/bin/python scripts/eval_entities.py [--data ../shared/data]

ntrex-dev holds 60 documents, each in eng, aze-Latn, rus, arb, tur and deu.
They are ingested in file order (every English text first) into a throw-away
store; `polywire.evaluate.entities` says how each share is counted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from polywire.config import Settings
from polywire.evaluate.entities import score_entities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    args = parser.parse_args()
    scores = score_entities(args.data / "ntrex-dev.jsonl", Settings())
    print("| language | found and linked | linked wrongly | documents |")
    print("|---|---:|---:|---:|")
    for s in scores:
        print(f"| {s.lang} | {s.found:.1%} | {s.wrong:.1%} | {s.texts} |")
    print(f"| mean of the five | {sum(s.found for s in scores) / len(scores):.1%} | | |")
    cased = [s.found for s in scores if s.lang != "arb"]
    print(f"| mean without Arabic | {sum(cased) / len(cased):.1%} | | |")


if __name__ == "__main__":
    main()
