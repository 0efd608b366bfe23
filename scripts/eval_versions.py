"""Versions of one text: sentence alignment, translation detection and copies, on dev data.

Usage: .venv/bin/python scripts/eval_versions.py [--data ../shared/data]

1. Alignment on ntrex-dev, whose versions are line-aligned (line i ↔ line i):
   link precision/recall/F1 per language pair over every document's 15 pairs.
2. Translation detection on ntrex-dev: every pair of the 360 texts is judged;
   the gold "translation" is two languages of one document. Different documents
   on one event (tsunami, Kavanaugh, Ryder Cup) are the hard negatives.
3. Copies in ECB+ dev: every pair of one story (English, different outlets)
   whose shared 4-grams make it a copy, listed with its overlap.
4. The time to align two 200-sentence documents.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from polywire.config import Settings
from polywire.embed import get_encoder
from polywire.evaluate.alignment import link_counts, links, micro
from polywire.link import align, relate
from polywire.link.relation import COPY_OVERLAP, containment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    parser.add_argument("--cache", type=Path, default=Path(".cache"))
    args = parser.parse_args()
    encoder = get_encoder(Settings().encoder)
    versions: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for record in _records(args.data / "ntrex-dev.jsonl"):
        versions[record["story"]][record["lang"]] = record["text"].split("\n")
    sentences = [s for doc in versions.values() for lines in doc.values() for s in lines]
    key = hashlib.sha256("\x00".join(sentences).encode()).hexdigest()[:16]
    cache = args.cache / f"align-{encoder.name}-{key}.npy"
    if cache.exists():
        vectors = np.load(cache)
    else:
        vectors = encoder.encode(sentences)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors)

    position = 0
    by_doc: dict[str, dict[str, np.ndarray]] = defaultdict(dict)
    for story, doc in versions.items():
        for lang, lines in doc.items():
            by_doc[story][lang] = vectors[position : position + len(lines)]
            position += len(lines)

    counts: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
    for embedded in by_doc.values():
        for a, b in itertools.combinations(sorted(embedded), 2):
            gold = {(i, i) for i in range(min(len(embedded[a]), len(embedded[b])))}
            counts[(a, b)].append(link_counts(links(align(embedded[a], embedded[b])), gold))
    print(f"{'pair':<20} {'precision':>9} {'recall':>7} {'F1':>6}")
    for pair, found in sorted(counts.items()):
        score = micro(found)
        name = "–".join(pair)
        print(f"{name:<20} {score.precision:>9.3f} {score.recall:>7.3f} {score.f1:>6.3f}")
    overall = micro(c for found in counts.values() for c in found)
    print(f"{'all':<20} {overall.precision:>9.3f} {overall.recall:>7.3f} {overall.f1:>6.3f}")

    print()
    _translations(by_doc, versions)
    print()
    _copies(args.data / "ecbplus-dev.jsonl")
    print()
    rng = np.random.default_rng(0)
    long_a = rng.normal(size=(200, encoder.dim)).astype(np.float32)
    long_b = long_a + rng.normal(scale=0.5, size=long_a.shape).astype(np.float32)
    started = time.perf_counter()
    align(long_a, long_b)
    print(f"aligning two 200-sentence versions: {time.perf_counter() - started:.2f} s")


def _translations(
    by_doc: dict[str, dict[str, np.ndarray]], versions: dict[str, dict[str, list[str]]]
) -> None:
    texts = [(doc, lang) for doc, langs in by_doc.items() for lang in langs]
    tp = fp = fn = 0
    wrong = []
    for (doc_a, lang_a), (doc_b, lang_b) in itertools.combinations(texts, 2):
        a, b = by_doc[doc_a][lang_a], by_doc[doc_b][lang_b]
        relation = relate(
            (lang_a, " ".join(versions[doc_a][lang_a])),
            (lang_b, " ".join(versions[doc_b][lang_b])),
            align(a, b),
            (len(a), len(b)),
        )
        said, gold = relation.kind == "translation", doc_a == doc_b
        tp, fp, fn = tp + (said and gold), fp + (said and not gold), fn + (gold and not said)
        if said != gold or relation.kind == "copy":
            wrong.append(f"  {doc_a}/{lang_a} ~ {doc_b}/{lang_b}: {relation}")
    pairs = len(texts) * (len(texts) - 1) // 2
    score = micro([(tp, tp + fp, tp + fn)])
    print(f"translation detection on ntrex-dev, all {pairs} pairs of texts:")
    print(f"  precision {score.precision:.4f} recall {score.recall:.4f} F1 {score.f1:.4f}")
    print(f"  ({tp} true, {fp} false, {fn} missed)")
    print("\n".join(wrong) or "  no wrong or copy judgements")


def _copies(path: Path) -> None:
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in _records(path):
        by_story[record["story"]].append(record)
    pairs = copies = 0
    print(f"copies among same-story pairs in {path.name} (4-gram containment ≥ {COPY_OVERLAP}):")
    for story, records in sorted(by_story.items()):
        for a, b in itertools.combinations(records, 2):
            pairs += 1
            overlap = containment(a["text"], b["text"])
            if overlap >= COPY_OVERLAP:
                copies += 1
                print(f"  {story}: {a['id']} ~ {b['id']}: {overlap:.2f}")
    print(f"  {copies} of {pairs} same-story pairs called copies ({copies / pairs:.2%})")


def _records(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


if __name__ == "__main__":
    main()
