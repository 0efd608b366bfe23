"""Does the full-text index help search rank? Vector ranks against their fusion with BM25.

Usage: .venv/bin/python scripts/eval_search_fusion.py [--data ../shared/data] [--folds 5]

Search ranks by the cosine of the query with each article's headline+lead vector. The
store kept a full-text index until revision 0016 dropped it on this measurement; this
script builds the same one in memory (SQLite FTS5: the query's words OR-ed, ranked by
BM25). This measures
whether reciprocal-rank fusion of the two rankings,

    1 / (k + vector rank) + w / (k + text rank)    (an article the index does not return
                                                    adds nothing)

ranks the right article higher. Retrieval on SemEval-2022 dev: every text of every pair
is an article; each text's headline, and its first four words, is a query, the other
texts of the pairs rated ``overall`` ≤ 1.5 with it are the right answers, and the query's
own text is left out. (k, w) is chosen on the training folds by mean reciprocal rank,
and scored on the held-out fold, 5 folds by pair. The seeds and the sample corpus are the
held-out check, each headline against the other articles, right when of its story.
Vectors come from scripts/fit_search_cutoff.py's cache (embedded once).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np
import numpy.typing as npt

from fit_search_cutoff import ROOT, VectorCache, query_forms, story_and_thread
from polywire.config import Settings
from polywire.embed import lead_text
from polywire.extract import extract
from polywire.ingest import input_files, read_paths
from polywire.model import Document

GRID = list(itertools.product([5, 20, 60], [0.0, 0.1, 0.25, 0.5, 1.0, 2.0]))
"""(k, w) tried; w = 0 is the vector ranking alone."""
TEXT_HITS = 100
"""Articles the full-text index returns per query."""


class Corpus:
    """Articles with their lead vectors and an FTS5 index built as the SQLite store's."""

    def __init__(self, articles: list[tuple[str, str]], cache: VectorCache) -> None:
        lead_chars = Settings().lead_chars
        self.vectors = cache.embed([lead_text(t, b, lead_chars) for t, b in articles])
        self.db = sqlite3.connect(":memory:")
        # The same table and tokenizer as migrations/sqlite/0005_search.sql.
        self.db.execute(
            "CREATE VIRTUAL TABLE fts USING fts5 (title, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self.db.executemany(
            "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
            [(i, t, b) for i, (t, b) in enumerate(articles)],
        )

    def text_ranks(self, query: str) -> dict[int, int]:
        """Rank (from 1) of each article the index returns."""
        words = re.findall(r"\w+", query.lower())[:32]
        if not words:
            return {}
        match = " OR ".join(f'"{word}"' for word in words)
        rows = self.db.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?",
            (match, TEXT_HITS),
        )
        return {row[0]: rank for rank, row in enumerate(rows, 1)}


def reciprocal_ranks(
    corpus: Corpus,
    queries: list[tuple[str, int, set[int], str]],
    cache: VectorCache,
) -> dict[tuple[int, float], npt.NDArray[np.float64]]:
    """Per (k, w): each query's reciprocal rank of its first right article."""
    vectors = cache.embed([q for q, _, _, _ in queries])
    found: dict[tuple[int, float], list[float]] = defaultdict(list)
    for (query, own, right, _), vector in zip(queries, vectors, strict=True):
        cosine = corpus.vectors @ vector
        cosine[own] = -np.inf
        order = np.argsort(-cosine, kind="stable")
        vector_rank = np.empty(len(order), dtype=np.int64)
        vector_rank[order] = np.arange(1, len(order) + 1)
        text = corpus.text_ranks(query)
        text.pop(own, None)
        for k, w in GRID:
            fused = 1.0 / (k + vector_rank)
            for article, rank in text.items():
                fused[article] += w / (k + rank)
            fused[own] = -np.inf
            ranked = np.argsort(-fused, kind="stable")
            first = next(i for i, article in enumerate(ranked, 1) if int(article) in right)
            found[(k, w)].append(1.0 / first)
    return {key: np.array(values) for key, values in found.items()}


def semeval(
    data: Path,
) -> tuple[list[tuple[str, str]], list[tuple[str, int, set[int], str]], dict[str, bool]]:
    """Articles, queries with their right answers, and whether each pair crosses languages."""
    pair_langs: dict[str, bool] = {}
    index: dict[str, int] = {}
    articles: list[tuple[str, str]] = []
    related: dict[int, set[int]] = defaultdict(set)
    pairs = []
    for line in (data / "semeval-dev-pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        pair_langs[pair["pair_id"]] = pair["lang1"] != pair["lang2"]
        ids = []
        for text in (pair["text1"], pair["text2"]):
            title, body = [*text.split("  ", 1), ""][:2]
            key = f"{title.strip()}\n{body.strip()}"
            if key not in index:
                index[key] = len(articles)
                articles.append((title.strip(), body.strip()))
            ids.append(index[key])
        if pair["overall"] <= 1.5 and ids[0] != ids[1]:
            related[ids[0]].add(ids[1])
            related[ids[1]].add(ids[0])
            pairs.append((pair["pair_id"], ids))
    queries = []
    for pair_id, ids in pairs:
        for own in ids:
            title = articles[own][0]
            if title:
                queries += [(q, own, related[own], pair_id) for q in query_forms(title)]
    return articles, queries, pair_langs


def held_out() -> tuple[list[tuple[str, str]], list[tuple[str, int, set[int], str]]]:
    articles, stories = [], []
    paths = [*input_files([ROOT.parent / "shared" / "seeds", ROOT / "examples" / "corpus"])]
    for document in read_paths(paths, 10**8):
        if not isinstance(document, Document):
            continue
        article, _ = extract(document)
        story = story_and_thread(article.source)[0]
        articles.append((article.title, article.body))
        stories.append(story)
    queries = []
    for own, story in enumerate(stories):
        right = {i for i, other in enumerate(stories) if other == story and i != own}
        if right:
            queries += [(q, own, right, story) for q in query_forms(articles[own][0])]
    return articles, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    cache = VectorCache(Settings().encoder)
    articles, queries, pair_langs = semeval(args.data)
    rr = reciprocal_ranks(Corpus(articles, cache), queries, cache)
    groups = sorted({q[3] for q in queries})
    random.Random(7).shuffle(groups)
    fold_of = {g: i % args.folds for i, g in enumerate(groups)}
    fold = np.array([fold_of[q[3]] for q in queries])
    fused = np.zeros(len(queries))
    chosen = []
    for f in range(args.folds):
        train, test = fold != f, fold == f
        best = max(GRID, key=lambda kw: (float(rr[kw][train].mean()), -kw[1]))
        chosen.append(best)
        fused[test] = rr[best][test]
    vector = rr[(GRID[0][0], 0.0)]
    print(f"SemEval: {len(articles)} articles, {len(queries)} queries with a right answer")
    print(f"  vector alone: MRR {vector.mean():.3f}, first right {np.mean(vector == 1):.3f}")
    print(
        f"  fused, cross-validated: MRR {fused.mean():.3f}, first right {np.mean(fused == 1):.3f}"
    )
    print(f"  (k, w) per fold: {', '.join(f'({k}, {w:g})' for k, w in chosen)}")
    cross = np.array([pair_langs[q[3]] for q in queries])
    for name, subset in (("same-language", ~cross), ("cross-language", cross)):
        print(
            f"  {name} queries ({int(subset.sum())}): vector alone MRR "
            f"{vector[subset].mean():.3f}, fused {fused[subset].mean():.3f}"
        )
    check_articles, check_queries = held_out()
    check = reciprocal_ranks(Corpus(check_articles, cache), check_queries, cache)
    print(f"Seeds + sample corpus: {len(check_articles)} articles, {len(check_queries)} queries")
    for k, w in [(GRID[0][0], 0.0), *sorted(set(chosen))]:
        rr_kw = check[(k, w)]
        print(f"  k={k} w={w:g}: MRR {rr_kw.mean():.3f}, first right {np.mean(rr_kw == 1):.3f}")


if __name__ == "__main__":
    main()
