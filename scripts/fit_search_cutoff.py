"""Choose search's relevance cutoff from data, and say how well it separates.

Usage: .venv/bin/python scripts/fit_search_cutoff.py [--data ../shared/data] [--folds 5]
       [--also 0.80 ...]   (report the held-out figures at these cutoffs too)

Each distinct text is embedded once and its vector kept in
``.cache/search-vectors-<encoder>.npz`` (written as it goes), so a run that is
stopped resumes where it was and a second run embeds nothing.

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
import hashlib
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
SEED_STORIES = {"004": ("belarus-may", "belarus")}
"""Seeds 000–003 report one meeting in October; 004 the May state visit: one thread."""
CORPUS_STORIES = {
    "a1": ("a", "a"),  # the two Malatya reports are one event,
    "a2": ("a", "a"),
    "e": ("e", "a"),  # the donor conference a later one of the same thread
    "news-feed.jsonl:1": ("b", "b"),
    "news-feed.jsonl:2": ("c", "c"),
}
"""(story, thread) of the sample corpus's articles, from examples/corpus/README.md."""


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


def story_and_thread(source: str) -> tuple[str, str]:
    """The story and thread of a seed or a sample corpus article, by its file."""
    name = Path(source).name
    if "seeds" in source:
        return SEED_STORIES.get(name[:3], ("belarus-oct", "belarus"))
    prefix = name.split("-")[0]
    return CORPUS_STORIES.get(name, CORPUS_STORIES.get(prefix, (prefix, prefix)))


def held_out() -> list[tuple[str, str, bool, str]]:
    """Seeds and sample corpus: every headline against every other article.

    Related when both articles are of one story, unrelated when of different threads; a
    story of the same thread (a later event of it) is neither, and left out.
    """
    articles = []
    paths = [*input_files([ROOT.parent / "shared" / "seeds", ROOT / "examples" / "corpus"])]
    for document in read_paths(paths, 10**8):
        if not isinstance(document, Document):
            continue
        article, _ = extract(document)
        lead = lead_text(article.title, article.body, 400)
        articles.append((article.title, lead, story_and_thread(article.source)))
    rows = []
    for i, (title, _, (story, thread)) in enumerate(articles):
        for j, (_, lead, (other_story, other_thread)) in enumerate(articles):
            if i != j and (story == other_story or thread != other_thread):
                for query in query_forms(title):
                    rows.append((query, lead, story == other_story, f"{i}:{query}|{other_story}"))
    return rows


CHUNK = 128
"""Texts embedded per call, and between two saves of the cache."""


class VectorCache:
    """Each text's vector, embedded once: the SemEval queries and leads repeat a lot."""

    def __init__(self, encoder_name: str) -> None:
        self.path = ROOT / ".cache" / f"search-vectors-{encoder_name}.npz"
        self.encoder_name = encoder_name
        self.vectors: dict[str, npt.NDArray[np.float32]] = {}
        if self.path.exists():
            with np.load(self.path) as saved:
                self.vectors = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        missing = sorted({self.key(t): t for t in texts if self.key(t) not in self.vectors}.items())
        if missing:
            encoder = get_encoder(self.encoder_name)
            for start in range(0, len(missing), CHUNK):
                chunk = missing[start : start + CHUNK]
                for (key, _), vector in zip(
                    chunk, encoder.encode([t for _, t in chunk]), strict=True
                ):
                    self.vectors[key] = vector
                self._save()
                print(f"  embedded {start + len(chunk)} of {len(missing)}", flush=True)
        return np.stack([self.vectors[self.key(t)] for t in texts])

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        partial = self.path.with_suffix(".tmp.npz")
        np.savez(partial, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))
        partial.replace(self.path)


def scores(rows: list[tuple[str, str, bool, str]], cache: VectorCache) -> npt.NDArray[np.float64]:
    queries = cache.embed([r[0] for r in rows])
    leads = cache.embed([r[1] for r in rows])
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
    parser.add_argument("--also", type=float, nargs="*", default=[])
    args = parser.parse_args()
    cache = VectorCache(Settings().encoder)
    rows = semeval(args.data)
    s, y = scores(rows, cache), np.array([r[2] for r in rows])
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
    hs, hy = scores(check, cache), np.array([r[2] for r in check])
    # As search shows them: a story scores its best article (the query's own left out).
    best: dict[str, float] = {}
    for score, row in zip(hs, check, strict=True):
        best[row[3]] = max(best.get(row[3], -1.0), float(score))
    ss = np.array(list(best.values()))
    sy = np.array([hy[i] for i in _first_of(check, best)])
    print(
        f"Seeds + sample corpus: {len(check)} query-article pairs ({int(np.sum(hy))} related), "
        f"{len(ss)} query-story pairs ({int(np.sum(sy))} related)"
    )
    print(f"  related cosine: median {np.median(hs[hy]):.3f}, unrelated {np.median(hs[~hy]):.3f}")
    print(f"  highest unrelated {hs[~hy].max():.3f}, lowest related {hs[hy].min():.3f}")
    for at in [cut, *args.also]:
        p, r = precision_recall(hs, hy, at)
        sp, sr = precision_recall(ss, sy, at)
        print(
            f"  at {at:.4f}: articles precision {p:.3f}, recall {r:.3f}; "
            f"stories precision {sp:.3f}, recall {sr:.3f}"
        )


def _first_of(rows: list[tuple[str, str, bool, str]], keys: dict[str, float]) -> list[int]:
    """Index of the first row of each key, in the keys' order."""
    first: dict[str, int] = {}
    for i, row in enumerate(rows):
        first.setdefault(row[3], i)
    return [first[key] for key in keys]


if __name__ == "__main__":
    main()
