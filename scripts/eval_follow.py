"""How well following matches: a subscription made from one text should hear of the same event
in other languages, and not of other events.

Usage: PYTHONPATH=src .venv/bin/python scripts/eval_follow.py [--data ../shared/data]
       [--parts semeval seeds]

Matching uses the setting ``search_cutoff`` (POLYWIRE_SEARCH_CUTOFF), whatever it is now.

1. SemEval-2022 Task 8 dev pairs, clear-cut only (``overall`` ≤ 1.5: same event; ≥ 3:
   different events), both ways: a subscription whose query is one text's headline (what
   a reader who follows a story they read would type), or its headline and lead ("follow
   this article"), is matched against the other text's headline+lead as an arriving
   article is (``Matcher.passing``: cosine ≥ cutoff). Overall, and for pairs in two languages.
2. The seeds and the sample corpus through the real pipeline: one subscription per
   article, made from its headline before anything is ingested; then everything is
   ingested, and each subscription's told stories are read back from the store. A pair
   (subscription from article i, article j ≠ i) is predicted when j's story was told, and
   right when i and j report the same event (the corpus README's stories; seeds 000–003
   are the 3 October meeting, 004 the May visit).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

import numpy as np

from polywire.config import Settings
from polywire.embed import Encoder, get_encoder, lead_text
from polywire.extract import extract
from polywire.follow.match import Matcher
from polywire.follow.subscribe import new_subscription, storage, subscribe
from polywire.ingest import input_files, read_paths
from polywire.model import Document
from polywire.pipeline import Pipeline
from polywire.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT / "examples" / "corpus"
SWEEP = (0.82, 0.84, 0.86, 0.88)
FEED_RECORDS = {1: "b", 2: "c"}  # news-feed.jsonl's records, as the corpus README says


def precision_recall(predicted: list[bool], gold: list[bool]) -> str:
    p, g = np.array(predicted), np.array(gold)
    tp = int(np.sum(p & g))
    precision = tp / max(1, int(np.sum(p)))
    recall = tp / max(1, int(np.sum(g)))
    return (
        f"precision {precision:.3f}, recall {recall:.3f} "
        f"({int(np.sum(g))} same-event, {int(np.sum(~g))} different-event)"
    )


def semeval(data: Path, matcher: Matcher, lead_chars: int) -> None:
    queries: dict[str, list[str]] = {"headline": [], "headline and lead": []}
    leads, related, cross = [], [], []
    for line in (data / "semeval-dev-pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        if 1.5 < pair["overall"] < 3:
            continue
        parts = [[*text.split("  ", 1), ""][:2] for text in (pair["text1"], pair["text2"])]
        for q, d in ((0, 1), (1, 0)):
            title, body = parts[q][0].strip(), parts[q][1]
            if not title:
                continue
            queries["headline"].append(title)
            queries["headline and lead"].append(lead_text(title, body, lead_chars))
            leads.append(lead_text(parts[d][0].strip(), parts[d][1], lead_chars))
            related.append(pair["overall"] <= 1.5)
            cross.append(pair["lang1"] != pair["lang2"])
    vectors = matcher.encoder.encode(leads)
    print(f"SemEval dev pairs: {len(leads)} subscriptions (both ways), cutoff {matcher.cutoff}")
    pick = [i for i, c in enumerate(cross) if c]
    for form, texts in queries.items():
        # The cosine Matcher.passing compares, with the queries embedded in one batch.
        scores = np.sum(matcher.encoder.encode(texts) * vectors, axis=1)
        matched = list(scores >= matcher.cutoff)
        print(f"  query = {form}: {precision_recall(matched, related)}")
        print(
            f"    across languages: "
            f"{precision_recall([matched[i] for i in pick], [related[i] for i in pick])}"
        )
        # What another cutoff would give (search_cutoff is fitted elsewhere: fit_search_cutoff).
        for cut in SWEEP:
            print(f"    at {cut:.2f}: {precision_recall(list(scores >= cut), related)}")


def event_of(source: str) -> str:
    name = Path(source.split(":")[0]).name
    if name[:3].isdigit():
        return "seeds-may" if name.startswith("004") else "seeds-october"
    record = re.search(r":(\d+)$", source)
    if name.startswith("news-feed") and record:
        return FEED_RECORDS[int(record[1])]
    return name[:1]


def seeds(settings: Settings, encoder: Encoder) -> None:
    paths = [*input_files([SEEDS, CORPUS])]
    articles = [
        extract(document)[0]
        for document in read_paths(paths, 10**8)
        if isinstance(document, Document)
    ]
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(**{**vars(settings), "db": str(Path(folder) / "eval.db")})
        with open_store(settings.db) as store:
            pipeline = Pipeline(store, settings, encoder=encoder)
            subs = [
                subscribe(store, new_subscription(store, settings, a.title), None) for a in articles
            ]
            report = pipeline.ingest(read_paths(paths, 10**8))
            pipeline.close()
            story_of = {source: placed.story for source, placed in report.ingested.items()}
            told = [{m.story for m in storage(store).matches(sub.id)} for sub in subs]
    predicted, gold, cross = [], [], []
    for i, a in enumerate(articles):
        for j, b in enumerate(articles):
            if i != j and b.source in story_of:
                predicted.append(story_of[b.source] in told[i])
                gold.append(event_of(a.source) == event_of(b.source))
                cross.append(a.lang != b.lang)
    print(
        f"Seeds + sample corpus: {len(articles)} articles, one subscription from each headline, "
        f"{len(predicted)} (subscription, other article) pairs"
    )
    print(f"  all: {precision_recall(predicted, gold)}")
    pick = [k for k, c in enumerate(cross) if c]
    print(
        f"  across languages: "
        f"{precision_recall([predicted[k] for k in pick], [gold[k] for k in pick])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--parts", nargs="+", choices=["semeval", "seeds"], default=["semeval", "seeds"]
    )
    args = parser.parse_args()
    settings = Settings.from_env()
    encoder = get_encoder(settings.encoder)
    if "semeval" in args.parts:
        semeval(args.data, Matcher(encoder, settings.search_cutoff), settings.lead_chars)
    if "seeds" in args.parts:
        seeds(settings, encoder)


if __name__ == "__main__":
    main()
