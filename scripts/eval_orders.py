"""polywire eval's B³ F1 over the file order and shuffles 1..N-1, each text embedded once.

Usage: .venv/bin/python scripts/eval_orders.py FILE.jsonl [--level story thread] [--orders 13]

An online clusterer's result depends on arrival order; one order can be lucky.
This prints every order's figure, then the mean and the worst, per level.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from polywire.config import Settings
from polywire.embed import Remembering, get_encoder
from polywire.evaluate import evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--level", nargs="+", default=["story", "thread"])
    parser.add_argument("--orders", type=int, default=13, help="the file order and N-1 shuffles")
    args = parser.parse_args()
    settings = Settings.from_env()
    encoder = Remembering(get_encoder(settings.encoder))
    scores: dict[str, list[float]] = {level: [] for level in args.level}
    for seed in [None, *range(1, args.orders)]:
        for report in evaluate(args.path, args.level, settings, encoder, seed):
            b3, overall = report.overall.bcubed, report.overall
            scores[report.level].append(b3.f1)
            order = "file" if seed is None else f"shuffle {seed}"
            print(
                f"{order}: {report.level} B³ P {b3.precision:.3f} R {b3.recall:.3f} "
                f"F1 {b3.f1:.3f}, pair F1 {overall.pairwise.f1:.3f}, ARI {overall.ari:.3f}",
                flush=True,
            )
    for level, f1 in scores.items():
        print(f"{level}: mean of {len(f1)} orders {np.mean(f1):.3f}, worst {min(f1):.3f}")


if __name__ == "__main__":
    main()
