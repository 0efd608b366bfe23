"""How far the story and thread rules' pair features can go on ECB+, online and offline.

Usage: .venv/bin/python scripts/grouping_ceiling.py [--data ../shared/data]

The online clusterer sees each article once, in arrival order. Here the shipped
story (then thread) rule scores every pair of ecbplus-dev at once, and
average-linkage clustering is cut at every threshold. The best cut, chosen on
the answers, is the most these features can give. When the online figure is
close to it, a better F1 needs better features, not a better clustering.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from fit_params import arrival_orders, dev_arguments, pair_rows, read_dev
from polywire.cluster import LinearRule, OnlineClusterer, cluster_in_memory, make_point
from polywire.cluster.params import load_params
from polywire.config import Settings
from polywire.embed import get_encoder, params_name
from polywire.evaluate import bcubed

THRESHOLDS = np.arange(-6.0, 12.01, 0.25)
"""Rule logits at which the offline dendrogram is cut."""


def main() -> None:
    args = dev_arguments(__doc__)
    settings = Settings.from_env()
    encoder = get_encoder(settings.encoder)
    params = load_params(params_name(encoder.name))
    dev = read_dev(args, ["ecbplus-dev.jsonl"], settings, encoder)
    points = [
        make_point(params, v, lang, t, a.published_at)
        for v, lang, t, a in zip(dev.vectors, dev.langs, dev.texts, dev.articles, strict=True)
    ]
    orders = arrival_orders(list(range(len(points))))
    placements = [
        cluster_in_memory(
            OnlineClusterer(
                params, settings.window_days, encoder.dim, keep_articles=settings.keep_articles
            ),
            [points[i] for i in order],
        )
        for order in orders
    ]
    features, pairs = pair_rows(points)
    for level, field in (("story", "story"), ("thread", "topic")):
        gold = [r[field] for r in dev.records]
        online = [
            bcubed([gold[i] for i in order], [getattr(p, level) for p in placed]).f1
            for order, placed in zip(orders, placements, strict=True)
        ]
        offline, threshold = _best_cut(getattr(params, level), features, pairs, gold)
        print(f"{level}: online, mean of {len(orders)} orders  B³ F1 {np.mean(online):.4f}")
        print(f"{level}: offline, best cut at logit {threshold:+.2f}  B³ F1 {offline:.4f}")


def _best_cut(
    rule: LinearRule,
    features: list[list[float]],
    pairs: list[tuple[int, int]],
    gold: Sequence[Hashable],
) -> tuple[float, float]:
    """The best B³ F1 of average-linkage clustering over ``THRESHOLDS``, and its threshold."""
    logits = rule.logits(np.asarray(features))
    top = float(logits.max())  # distances must not be negative
    distance = np.zeros((len(gold), len(gold)))
    for (i, j), logit in zip(pairs, logits, strict=True):
        distance[i, j] = distance[j, i] = top - logit
    return max(
        (bcubed(gold, _cut(distance, top - threshold).tolist()).f1, float(threshold))
        for threshold in THRESHOLDS
        if threshold <= top
    )


def _cut(distance: np.ndarray, height: float) -> np.ndarray:
    """Average-linkage clusters whose mean pair distance stays below ``height``."""
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=height
    )
    return np.asarray(model.fit_predict(distance))


if __name__ == "__main__":
    main()
