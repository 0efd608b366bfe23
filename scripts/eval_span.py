"""Story and thread B³ F1 on ECB+ dev, in memory, for several ``story_span_days``.

Usage: .venv/bin/python scripts/eval_span.py [--data ../shared/data]

The clusterer of ``fit_params`` (the fit's arrival orders, no store), with each text's
event date as the pipeline reads it: only the time bound differs between the rows.
"""

from __future__ import annotations

import math

import numpy as np

from fit_params import arrival_orders, dev_arguments, read_dev
from polywire.cluster import OnlineClusterer, cluster_in_memory, make_point
from polywire.cluster.params import load_params
from polywire.config import Settings
from polywire.embed import get_encoder, lead_text, params_name
from polywire.evaluate import bcubed
from polywire.extract.events import event_date

SPANS = (math.inf, 1.0, 3.0, 7.0, 13.0)


def main() -> None:
    args = dev_arguments(__doc__)
    settings = Settings.from_env()
    encoder = get_encoder(settings.encoder)
    params = load_params(params_name(encoder.name))
    dev = read_dev(args, ["ecbplus-dev.jsonl"], settings, encoder)
    points = [
        make_point(
            params,
            vector,
            lang,
            text,
            article.published_at,
            event_date(
                lead_text(article.title, article.body, settings.lead_chars),
                lang,
                article.published_at,
            ),
        )
        for vector, lang, text, article in zip(
            dev.vectors, dev.langs, dev.texts, dev.articles, strict=True
        )
    ]
    orders = arrival_orders(list(range(len(points))))
    for span_days in SPANS:
        scores: dict[str, list[float]] = {"story": [], "thread": []}
        for order in orders:
            clusterer = OnlineClusterer(
                params, settings.window_days, encoder.dim, span_days, settings.keep_articles
            )
            placed = cluster_in_memory(clusterer, [points[i] for i in order])
            for level, field in (("story", "story"), ("thread", "topic")):
                gold = [dev.records[i][field] for i in order]
                scores[level].append(bcubed(gold, [getattr(p, level) for p in placed]).f1)
        print(
            f"story_span_days {span_days:>4}: "
            + ", ".join(
                f"{level} mean of {len(f1)} orders {np.mean(f1):.4f} (worst {min(f1):.4f})"
                for level, f1 in scores.items()
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
