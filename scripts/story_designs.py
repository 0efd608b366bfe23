"""Other signals for the story rule, judged cross-validated on SemEval pairs and ECB+.

Usage: .venv/bin/python scripts/story_designs.py [--data ../shared/data] [--cache .cache]

Texts are read as ``make fit`` reads them (``fit_params.read_dev``: clean → language →
lead), and their sentences as the link stage splits them (``link.versions.sentences``:
the headline first), embedded once and cached (``family_second_opinion.sentence_vectors``).
Each candidate is one more number per pair, beside today's story features
(``cluster.features.FEATURES``):

- ``headline``: centred cosine of the two headlines, each embedded alone;
- ``whole text``: centred cosine of the mean of each text's sentence vectors;
- ``best sentence pair``: the highest centred cosine between a sentence of each;
- ``soft match``: each sentence's best match in the other text, averaged both ways;
- ``matched share``: ``link.align.matched_share`` at a centred cosine floor of 0.2;
- ``first two sentences``: centred cosine of the mean of the headline's and the first
  body sentence's vectors (a shorter lead);
- ``headline as query``: each headline embedded as an e5 query (``query: ``) against the
  other text's lead vector, averaged both ways (openvino only; cached);
- ``per-dimension weights``: the elementwise product of the two centred lead vectors, one
  column per dimension, scaled as one block (a learned diagonal metric), at two strengths
  of regularisation (``C``; at 0.01 it fits SemEval in-sample to 0.945 and loses 0.02
  cross-validated).

For each, the best pair F1 a threshold on it alone reaches on SemEval (in-sample), the
same for a logistic regression on today's features and it (in-sample), and that
regression cross-validated in 3 folds (SemEval by pair, ECB+ by topic; 5 random splits,
the first ``make fit``'s):

- SemEval: fitted and its threshold chosen on the other folds' SemEval pairs;
- ECB+: the same on ECB+ pairs (same story or not), pair F1;
- shared: one rule, as the story rule is shared: weights fitted on both sets (each set and
  class weighing the same), one threshold for the best mean of the two F1s.

SemEval pairs are rated one event (overall ≤ 1.5) or different events (≥ 3); their
features are those of an empty store (``fit_params.online_features``), ECB+'s those of
the whole file, as ``make fit`` has them.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from family_second_opinion import sentence_vectors
from fit_params import (
    DEV_FILES,
    FOLDS,
    OTHER_EVENT,
    SAME_EVENT,
    assign_folds,
    background_params,
    dev_arguments,
    prepare,
    read_dev,
)
from polywire.cluster import FEATURES
from polywire.config import Settings
from polywire.embed import Encoder, get_encoder
from polywire.embed.openvino import OpenVinoEncoder
from polywire.link.align import matched_share
from polywire.link.second_opinion import MAX_SENTENCES
from polywire.link.versions import sentences

SPLITS = 5
SHARE_FLOOR = 0.2
QUERY = "query: "
DIAGONAL_C = (1e-4, 1e-3)
Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
Vectors = npt.NDArray[np.float32]
Signal = Callable[[int, int], "list[float] | Vectors"]


def main() -> None:
    args = dev_arguments(__doc__)
    settings = Settings.from_env()
    encoder = get_encoder(settings.encoder)
    dev = read_dev(args, DEV_FILES, settings, encoder)
    data = prepare(args, settings, dev, background_params(encoder, dev))
    split = [sentences(a.title, a.body) for a in dev.articles]
    raw = sentence_vectors(args.cache, encoder, split)
    queries = query_vectors(args.cache, [a.title for a in dev.articles])
    signals = Signals(
        raw, dev.langs, np.stack([p.vector for p in data.points]), queries, dev.vectors
    )

    rated = [k for k, (_, _, o) in enumerate(data.semeval) if o <= SAME_EVENT or o >= OTHER_EVENT]
    semeval_pairs = [data.semeval[k][:2] for k in rated]
    semeval = Set(
        data.semeval_features[rated],
        np.asarray([data.semeval[k][2] <= SAME_EVENT for k in rated]),
        [data.group[i] for i, _ in semeval_pairs],
    )
    ecb_rows = [n for n, (i, _) in enumerate(data.pairs) if data.kind[i] == "ecb"]
    ecb_pairs = [data.pairs[n] for n in ecb_rows]
    records = dev.records
    ecb = Set(
        data.features[ecb_rows],
        np.asarray([records[i]["story"] == records[j]["story"] for i, j in ecb_pairs]),
        [data.group[i] for i, _ in ecb_pairs],
    )
    print(
        f"SemEval: {len(semeval.y)} rated pairs ({int(semeval.y.sum())} one event); "
        f"ECB+: {len(ecb.y)} pairs ({int(ecb.y.sum())} one story)"
    )
    splits = [fold_splits(semeval.groups, s) for s in range(SPLITS)]
    ecb_splits = [fold_splits(ecb.groups, s) for s in range(SPLITS)]
    print(
        "| candidate | in-sample best F1 alone, SemEval | in-sample, with today's "
        "| CV SemEval F1, fitted on SemEval "
        "| CV ECB+ pair F1 | shared rule CV: SemEval F1 / ECB+ pair F1 |"
    )
    print("|---|---|---|---|---|---|")
    for name, signal, c in [("today's features", None, 1.0), *signals.candidates()]:
        extra_s = columns(signal, semeval_pairs)
        extra_e = columns(signal, ecb_pairs)
        alone = (
            f"{best_f1(semeval.x[:, 0], semeval.y):.3f} (dense)"
            if signal is None
            else f"{best_f1(extra_s[:, 0], semeval.y):.3f}"
            if extra_s.shape[1] == 1
            else "–"
        )
        fitted = in_sample(semeval.with_(extra_s), c)
        s = [cross_validated([semeval.with_(extra_s)], [f], c) for f in splits]
        e = [cross_validated([ecb.with_(extra_e)], [f], c) for f in ecb_splits]
        both = [
            cross_validated([semeval.with_(extra_s), ecb.with_(extra_e)], [f, g], c)
            for f, g in zip(splits, ecb_splits, strict=True)
        ]
        print(
            f"| {name} | {alone} | {fitted:.3f} "
            f"| {spread([x[0] for x in s])} | {spread([x[0] for x in e])} "
            f"| {spread([x[0] for x in both])} / {spread([x[1] for x in both])} |",
            flush=True,
        )


class Set:
    """One data set's pairs: features, labels, cross-validation groups."""

    def __init__(self, x: Array, y: Mask, groups: list[str]) -> None:
        self.x, self.y, self.groups = x, y, groups

    def with_(self, extra: Array) -> Set:
        return Set(np.hstack([self.x, extra]), self.y, self.groups)


class Signals:
    """Per text: the headline's and the whole text's vector, and its sentence vectors, each
    centred on its language's mean as the lead vectors are (``cluster.features.centre``)."""

    def __init__(
        self,
        raw: list[Vectors],
        langs: list[str],
        leads: Vectors,
        queries: Vectors,
        raw_leads: Vectors,
    ) -> None:
        self.raw = raw
        self.leads, self.queries, self.raw_leads = leads, queries, raw_leads
        self.headline = centred([s[0] for s in raw], langs)
        self.whole = centred([s.mean(axis=0) for s in raw], langs)
        self.first_two = centred([s[:2].mean(axis=0) for s in raw], langs)
        flat = [v for s in raw for v in s]
        flat_langs = [lang for s, lang in zip(raw, langs, strict=True) for _ in s]
        every = centred(flat, flat_langs)
        bounds = np.cumsum([0, *(len(s) for s in raw)])
        self.sentences = [every[bounds[i] : bounds[i + 1]] for i in range(len(raw))]

    def candidates(self) -> list[tuple[str, Signal, float]]:
        """Name, the pair's columns, the regression's ``C``."""
        return [
            ("headline", lambda i, j: [float(self.headline[i] @ self.headline[j])], 1.0),
            ("whole text", lambda i, j: [float(self.whole[i] @ self.whole[j])], 1.0),
            ("best sentence pair", lambda i, j: [float(self.matrix(i, j).max())], 1.0),
            ("soft match", lambda i, j: [self.soft_match(i, j)], 1.0),
            (
                f"matched share ≥ {SHARE_FLOOR}",
                lambda i, j: [
                    matched_share(
                        self.raw[i][:MAX_SENTENCES], self.raw[j][:MAX_SENTENCES], SHARE_FLOOR
                    )
                ],
                1.0,
            ),
            (
                "first two sentences",
                lambda i, j: [float(self.first_two[i] @ self.first_two[j])],
                1.0,
            ),
            ("headline as query", self.query_match, 1.0),
            *((f"per-dimension weights, C {c:g}", self.product, c) for c in DIAGONAL_C),
        ]

    def product(self, i: int, j: int) -> Vectors:
        product: Vectors = self.leads[i] * self.leads[j]
        return product

    def query_match(self, i: int, j: int) -> list[float]:
        q, p = self.queries, self.raw_leads
        return [0.5 * float(q[i] @ p[j] + q[j] @ p[i])]

    def matrix(self, i: int, j: int) -> Vectors:
        left, right = self.sentences[i][:MAX_SENTENCES], self.sentences[j][:MAX_SENTENCES]
        product: Vectors = left @ right.T
        return product

    def soft_match(self, i: int, j: int) -> float:
        m = self.matrix(i, j)
        return 0.5 * float(m.max(axis=1).mean() + m.max(axis=0).mean())


def centred(vectors: list[Vectors], langs: list[str]) -> Vectors:
    """Minus the mean of the vector's language (of all, for a rare language), L2-normalised."""
    stacked = np.stack(vectors)
    counts = Counter(langs)
    least = max(30, len(langs) // 100)
    means = {
        lang: stacked[[i for i, x in enumerate(langs) if x == lang]].mean(axis=0)
        for lang in counts
        if counts[lang] >= least
    }
    overall = stacked.mean(axis=0)
    shifted = stacked - np.stack([means.get(lang, overall) for lang in langs])
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    result: Vectors = (shifted / np.maximum(norms, 1e-9)).astype(np.float32)
    return result


def columns(signal: Signal | None, pairs: list[tuple[int, int]]) -> Array:
    if signal is None:
        return np.zeros((len(pairs), 0))
    return np.asarray([signal(i, j) for i, j in pairs], dtype=np.float64)


class QueryEncoder(OpenVinoEncoder):
    """The encoder reading each text as an e5 query, not a passage: one window."""

    def token_ids(self, text: str) -> list[list[int]]:
        ids = self._tokenizer.content(QUERY + text)[: self._window]
        return [[self._tokenizer.bos, *ids, self._tokenizer.eos]]


def query_vectors(cache: Path, titles: list[str]) -> Vectors:
    """The headlines embedded as queries (about a minute on 2 cores), cached."""
    digest = hashlib.sha256("\x00".join(titles).encode()).hexdigest()[:16]
    path = cache / f"queries-openvino-{digest}.npy"
    if path.exists():
        return np.asarray(np.load(path), dtype=np.float32)
    encoder: Encoder = QueryEncoder()
    vectors = np.asarray(encoder.encode(titles), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def fold_splits(groups: list[str], seed: int) -> npt.NDArray[np.int64]:
    """Split 0 is ``make fit``'s (``assign_folds``); the others deal the groups anew."""
    if seed == 0:
        return np.asarray(assign_folds(groups))
    names = list(dict.fromkeys(groups))
    random.Random(1000 + seed).shuffle(names)
    fold_of = {name: k % FOLDS for k, name in enumerate(names)}
    return np.asarray([fold_of[g] for g in groups])


def cross_validated(
    sets: list[Set], folds: list[npt.NDArray[np.int64]], c: float = 1.0
) -> list[float]:
    """Pair F1 per set, pooled over the folds: one rule fitted on the other folds of every
    set (each set and class weighing the same) and one threshold, the best mean train F1."""
    found = [np.zeros(len(s.y), bool) for s in sets]
    for k in range(FOLDS):
        train = [f != k for f in folds]
        x = np.concatenate([s.x[t] for s, t in zip(sets, train, strict=True)])
        y = np.concatenate([s.y[t] for s, t in zip(sets, train, strict=True)])
        w = np.concatenate(
            [
                np.where(s.y[t], 1 / s.y[t].sum(), 1 / (~s.y[t]).sum())
                for s, t in zip(sets, train, strict=True)
            ]
        )
        scale = Scaler(x)
        model = LogisticRegression(C=c, max_iter=3000).fit(
            scale.transform(x), y, sample_weight=w * len(y) / w.sum()
        )
        scores = [
            model.decision_function(scale.transform(s.x[t]))
            for s, t in zip(sets, train, strict=True)
        ]
        cuts = np.quantile(np.concatenate(scores), np.linspace(0, 1, 401))
        cut = max(
            cuts,
            key=lambda c: sum(
                pair_f1(s.y[t], v >= c) for s, t, v in zip(sets, train, scores, strict=True)
            ),
        )
        for s, f, out in zip(sets, folds, found, strict=True):
            out[f == k] = model.decision_function(scale.transform(s.x[f == k])) >= cut
    return [pair_f1(s.y, out) for s, out in zip(sets, found, strict=True)]


class Scaler:
    """Each feature standardised; a wide block of candidate columns (the per-dimension
    products) scaled as one, so that the penalty keeps the dimensions' own spread."""

    def __init__(self, x: Array) -> None:
        self.plain = x.shape[1] if x.shape[1] <= len(FEATURES) + 1 else len(FEATURES)
        self.scale = StandardScaler().fit(x[:, : self.plain])
        self.spread = float(x[:, self.plain :].std()) if x.shape[1] > self.plain else 1.0

    def transform(self, x: Array) -> Array:
        plain = self.scale.transform(x[:, : self.plain])
        return np.hstack([plain, x[:, self.plain :] / self.spread])


def in_sample(pairs: Set, c: float) -> float:
    """The best pair F1 a threshold on the regression fitted on all pairs reaches."""
    scale = Scaler(pairs.x)
    y, w = pairs.y, np.where(pairs.y, 1 / pairs.y.sum(), 1 / (~pairs.y).sum())
    model = LogisticRegression(C=c, max_iter=3000).fit(
        scale.transform(pairs.x), y, sample_weight=w * len(y) / w.sum()
    )
    return best_f1(model.decision_function(scale.transform(pairs.x)), y)


def pair_f1(gold: Mask, found: Mask) -> float:
    hits = int((gold & found).sum())
    return 2 * hits / max(1, 2 * hits + int((found & ~gold).sum()) + int((gold & ~found).sum()))


def best_f1(score: Array, gold: Mask) -> float:
    return max(pair_f1(gold, score >= cut) for cut in np.unique(score))


def spread(values: list[float]) -> str:
    return f"{np.mean(values):.3f} ± {np.std(values):.3f}"


if __name__ == "__main__":
    main()
