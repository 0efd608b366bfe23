"""Days between the event dates of two texts of one story, and of two stories of one topic.

Usage: .venv/bin/python scripts/event_gaps.py [--data ../shared/data]

Over pairs of ecbplus-dev texts (gold ``story`` and ``topic``) and of semeval-dev-pairs
(``overall`` ≤ 1.5: one event; ≥ 3: different events) where both texts have an event date
with its year, as the pipeline reads it. What ``story_span_days`` was chosen from.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np

from event_evidence import documents
from polywire.embed import lead_text
from polywire.errors import BadInput
from polywire.extract.events import event_date
from polywire.model import EventDate, Failure
from polywire.pipeline import extract_safely, with_language

WITHIN = (0, 1, 2, 3, 7, 14)


def events(path: Path) -> dict[str, EventDate]:
    found = {}
    for document in documents(path, 10**8):
        if isinstance(document, Failure):
            continue
        try:
            article = with_language(extract_safely(document)[0])
        except BadInput:
            continue
        lead = lead_text(article.title, article.body, 400)
        found[document.source] = event_date(lead, article.lang, article.published_at)
    return found


def show(name: str, gaps: list[int]) -> None:
    days = np.asarray(gaps)
    shares = ", ".join(f"≤{k}: {np.mean(days <= k):.0%}" for k in WITHIN) if len(days) else "-"
    print(f"{name}: {len(days)} pairs; within days {shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    args = parser.parse_args()
    path = args.data / "ecbplus-dev.jsonl"
    found = events(path)
    gold = {
        f"{path}:{number}": (record["story"], record["topic"])
        for number, record in enumerate(map(json.loads, path.open()), start=1)
    }
    dated = [(s, e.full_date) for s, e in found.items() if e.full_date]
    same: list[int] = []
    other: list[int] = []
    for (a, day_a), (b, day_b) in itertools.combinations(dated, 2):
        if gold[a][1] == gold[b][1]:
            (same if gold[a][0] == gold[b][0] else other).append(abs((day_a - day_b).days))
    show("ECB+ same story", same)
    show("ECB+ same topic, other story", other)
    path = args.data / "semeval-dev-pairs.jsonl"
    found = events(path)
    one: list[int] = []
    different: list[int] = []
    for number, pair in enumerate(map(json.loads, path.open()), start=1):
        first, second = (found.get(f"{path}:{number}:{side}") for side in "12")
        if first and second and first.full_date and second.full_date:
            gap = abs((first.full_date - second.full_date).days)
            if pair["overall"] <= 1.5:
                one.append(gap)
            elif pair["overall"] >= 3:
                different.append(gap)
    show("SemEval one event", one)
    show("SemEval different events", different)


if __name__ == "__main__":
    main()
