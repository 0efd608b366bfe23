"""Sentence alignment on ntrex-dev: every document's versions are line-aligned, line i ↔ line i.

Usage: .venv/bin/python scripts/eval_alignment.py [--data ../shared/data]

Aligns every pair of versions of every document (15 language pairs × 60
documents) and prints link precision/recall/F1 per language pair, plus the time
to align a pair of 200-sentence documents.
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
from polywire.link import align


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    parser.add_argument("--cache", type=Path, default=Path(".cache"))
    args = parser.parse_args()
    encoder = get_encoder(Settings().encoder)
    versions: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for line in (args.data / "ntrex-dev.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
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

    rng = np.random.default_rng(0)
    long_a = rng.normal(size=(200, encoder.dim)).astype(np.float32)
    long_b = long_a + rng.normal(scale=0.5, size=long_a.shape).astype(np.float32)
    started = time.perf_counter()
    align(long_a, long_b)
    print(f"aligning two 200-sentence versions: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
