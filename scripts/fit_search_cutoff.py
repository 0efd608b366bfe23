"""Choose search's relevance cutoff from data, and say how well it separates.

Usage: .venv/bin/python scripts/fit_search_cutoff.py [--data ../shared/data] [--folds 5]

A search scores a story by the cosine between the query's vector and its best
article's headline+lead vector (``polywire.search.score``). The cutoff is fitted on
SemEval-2022 Task 8 dev pairs: each text's headline, and its first four words (a
typed query is short), is a query for the other text's headline+lead; pairs rated
``overall`` ≤ 1.5 are related, ≥ 3 unrelated. The cutoff is the one with the best
F1 on the training folds; precision and recall are cross-validated by pair (each
pair's queries stay in one fold). The seeds and the sample corpus are a held-out
check: each headline against the articles of its own story (related) and of the
other stories (unrelated).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
import numpy.typing as npt

from polywire.config import Settings
from polywire.embed import get_encoder, lead_text
from polywire.extract import extract
from polywire.ingest import input_files, read_paths
from polywire.model import Document

ROOT = Path(__file__).resolve().parents[1]
CORPUS_STORIES = {"a1": "a", "a2": "a"}  # the two Malatya reports are one event


def query_forms(title: str) -> list[str]:
    return [title, " ".join(title.split()[:4])]


def semeval(data: Path) -> list[tuple[str, str, bool, str]]:
    """(query, document lead, related, pair) for every clear-cut pair, both ways."""
    rows = []
    for line in (data / "semeval-dev-pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        if 1.5 < pair["overall"] < 3:
            continue
        texts = [pair["text1"], pair["text2"]]
        parts = [[*t.split("  ", 1), ""][:2] for t in texts]
        for q, d in ((0, 1), (1, 0)):
            title = parts[q][0].strip()
            if not title:
                continue
            lead = lead_text(parts[d][0].strip(), parts[d][1], Settings().lead_chars)
            for query in query_forms(title):
                rows.append((query, lead, pair["overall"] <= 1.5, pair["pair_id"]))
    return rows


def held_out() -> list[tuple[str, str, bool, str]]:
    """Seeds and sample corpus: every headline against every other article."""
    articles = []
    paths = [*input_files([ROOT.parent / "shared" / "seeds", ROOT / "examples" / "corpus"])]
    for document in read_paths(paths, 10**8):
        if not isinstance(document, Document):
            continue
        article, _ = extract(document)
        name = Path(article.source.split(":")[0]).name
        story = "seed" if "seeds" in article.source else name.split("-")[0]
        story = CORPUS_STORIES.get(story, story[:1])
        articles.append((article.title, lead_text(article.title, article.body, 400), story))
    rows = []
    for i, (title, _, story) in enumerate(articles):
        for j, (_, lead, other) in enumerate(articles):
            if i != j:
                for query in query_forms(title):
                    rows.append((query, lead, story == other, f"{story}/{i}"))
    return rows


def scores(rows: list[tuple[str, str, bool, str]]) -> npt.NDArray[np.float64]:
    encoder = get_encoder(Settings().encoder)
    queries = encoder.encode([r[0] for r in rows])
    leads = encoder.encode([r[1] for r in rows])
    return np.asarray(np.sum(queries * leads, axis=1), dtype=np.float64)


def precision_recall(
    s: npt.NDArray[np.float64], y: npt.NDArray[np.bool_], cut: float
) -> tuple[float, float]:
    kept = s >= cut
    tp = int(np.sum(kept & y))
    precision = tp / max(1, int(np.sum(kept)))
    recall = tp / max(1, int(np.sum(y)))
    return precision, recall


def best_cut(s: npt.NDArray[np.float64], y: npt.NDArray[np.bool_]) -> float:
    def f1(cut: float) -> float:
        p, r = precision_recall(s, y, cut)
        return 2 * p * r / (p + r) if p + r else 0.0

    candidates = np.round(np.arange(0.70, 0.95, 0.0025), 4)
    return float(max(candidates, key=lambda c: (f1(c), c)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    rows = semeval(args.data)
    s, y = scores(rows), np.array([r[2] for r in rows])
    groups = sorted({r[3] for r in rows})
    random.Random(7).shuffle(groups)
    fold_of = {g: i % args.folds for i, g in enumerate(groups)}
    fold = np.array([fold_of[r[3]] for r in rows])
    kept = total = tp = positives = 0
    cuts = []
    for k in range(args.folds):
        train, test = fold != k, fold == k
        cut = best_cut(s[train], y[train])
        cuts.append(cut)
        chosen = s[test] >= cut
        kept += int(np.sum(chosen))
        tp += int(np.sum(chosen & y[test]))
        positives += int(np.sum(y[test]))
        total += int(np.sum(test))
    cut = best_cut(s, y)
    print(f"SemEval: {len(groups)} pairs, {len(rows)} queries ({int(np.sum(y))} related)")
    print(f"  related cosine: median {np.median(s[y]):.3f}, unrelated {np.median(s[~y]):.3f}")
    print(f"  fold cutoffs: {', '.join(f'{c:.4f}' for c in cuts)}")
    print(f"  cross-validated: precision {tp / max(1, kept):.3f}, recall {tp / positives:.3f}")
    print(f"  cutoff on all pairs: {cut:.4f}")
    check = held_out()
    hs, hy = scores(check), np.array([r[2] for r in check])
    p, r = precision_recall(hs, hy, cut)
    print(f"Seeds + sample corpus: {len(check)} queries ({int(np.sum(hy))} related)")
    print(f"  related cosine: median {np.median(hs[hy]):.3f}, unrelated {np.median(hs[~hy]):.3f}")
    print(f"  at {cut:.4f}: precision {p:.3f}, recall {r:.3f}")
    print(f"  highest unrelated {hs[~hy].max():.3f}, lowest related {hs[hy].min():.3f}")


if __name__ == "__main__":
    main()
