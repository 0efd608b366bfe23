"""Entities: precision and recall against the hand-written gold set, or linking across
languages on ntrex-dev.

Usage: .venv/bin/python scripts/eval_entities.py gold [--show-errors]
       .venv/bin/python scripts/eval_entities.py ntrex [--data ../shared/data]

`gold` ingests the five seeds and the sample corpus (examples/corpus), in that order,
into a throw-away store and scores every name found against
tests/entities/gold/mentions.json, then only the entities story pages list.
`ntrex`: ntrex-dev holds 60 documents, each in eng, aze-Latn, rus, arb, tur and deu.
They are ingested in file order (every English text first) into a throw-away
store; `polywire.evaluate.entities` says how each share is counted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from polywire.config import Settings
from polywire.evaluate.entities import GoldScores, score_entities, score_gold

ROOT = Path(__file__).parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("set", choices=["gold", "ntrex"])
    parser.add_argument("--data", type=Path, default=ROOT / "../shared/data")
    parser.add_argument("--seeds", type=Path, default=ROOT / "../shared/seeds")
    parser.add_argument("--show-errors", action="store_true", help="List what was scored wrong.")
    args = parser.parse_args()
    if args.set == "gold":
        gold(args.seeds, args.show_errors)
    else:
        ntrex(args.data)


def gold(seeds: Path, show_errors: bool) -> None:
    found, shown = score_gold(
        [seeds, ROOT / "examples/corpus"], ROOT / "tests/entities/gold/mentions.json", Settings()
    )
    print("| entities | mention precision | recall | wrong cross-language links | forms |")
    print("|---|---:|---:|---:|---:|")
    for name, s in (("all found", found), ("listed", shown)):
        links = f"{s.wrong_links:.1%} ({len(s.mixed)} of {s.linked})"
        row = f"| {name} | {s.precision:.1%} | {s.recall:.1%} | {links} | {s.found} |"
        print(row)
    if show_errors:
        errors(found)


def errors(scores: GoldScores) -> None:
    print("\nwrong:", *(f"{text}: {form}" for text, form in scores.wrong), sep="\n  ")
    print("\nmissed:", *(f"{text}: {entity}" for text, entity in scores.missed), sep="\n  ")
    print("\nwrongly linked:", *map(str, scores.mixed), sep="\n  ")


def ntrex(data: Path) -> None:
    scores = score_entities(data / "ntrex-dev.jsonl", Settings())
    print("| language | found and linked | linked wrongly | documents |")
    print("|---|---:|---:|---:|")
    for s in scores:
        print(f"| {s.lang} | {s.found:.1%} | {s.wrong:.1%} | {s.texts} |")
    print(f"| mean of the five | {sum(s.found for s in scores) / len(scores):.1%} | | |")
    cased = [s.found for s in scores if s.lang != "arb"]
    print(f"| mean without Arabic | {sum(cased) / len(cased):.1%} | | |")


if __name__ == "__main__":
    main()
