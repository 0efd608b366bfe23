"""Sentence alignment as the family rule's second opinion: does it separate translations
from different articles where the rule is unsure?

Usage: .venv/bin/python scripts/family_second_opinion.py [--data ../shared/data]

For every pair the family rule could join, this prints the rule's logit and the share of
the two texts' sentences aligned one for one (``link.versions.one_for_one``, the
evidence the link stage judges sources by) and the aligned coverage (``link.relation``,
what it judges translations by). Positives: ntrex translations (same document, other
language) and shortened copies, as ``fit_params`` makes them. Negatives: other ntrex
documents, ECB+ articles, and every SemEval pair (two articles, never one text; the
different-event ones, overall ≥ 3, are the acceptance count).

Cross-validated by group, as ``make fit``: ntrex by document, ECB+ by topic, SemEval by
pair, 3 folds. Each fold's pairs are scored with the family rule fitted on the other
folds, and the band (lo, hi] and threshold τ are chosen on the other folds' pairs: no
different-event SemEval pair joined, then no other negative the rule alone would not
join, then most positives joined, then fewest pairs aligned. For a pair of two languages
inside the band, alignment decides: join when its share is ≥ τ; elsewhere the rule.
"""

from __future__ import annotations

import hashlib
import itertools
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from fit_params import (
    FOLDS,
    OTHER_EVENT,
    Data,
    Runner,
    assign_folds,
    background_params,
    dev_arguments,
    fit_family,
    one_text_pairs,
    prepare,
    read_dev,
)
from polywire.config import Settings
from polywire.embed import Encoder, get_encoder
from polywire.link.align import _centred, align
from polywire.link.second_opinion import MAX_SENTENCES
from polywire.link.versions import one_for_one, sentences

LOWS = (-8.0, -6.0, -5.0, -4.0, -3.0, -2.0, -1.0, 0.0)
HIGHS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 99.0)
TAUS = tuple(round(x, 2) for x in np.arange(0.1, 0.96, 0.05))
FLOOR = min(LOWS)
"""Pairs the rule scores below every band's floor are never aligned."""
Vectors = npt.NDArray[np.float32]


@dataclass
class Pair:
    kind: str
    """``translation``, ``copy``, ``ntrex other``, ``ecb``, ``semeval same``, ``semeval
    different``, ``semeval unrated``."""
    fold: int
    logit: float
    share: float
    """One-for-one aligned share (``one_for_one``); -1 when not aligned (logit below FLOOR)."""
    coverage: float
    name: str
    matches: npt.NDArray[np.float32] = field(default_factory=lambda: np.zeros(0, np.float32))
    """Centred cosine of each one-for-one bead's two sentences."""
    size: int = 0
    """The longer text's sentence count."""
    cross: bool = False
    """The two texts are in different languages."""
    shortest: int = 0
    """The shorter text's sentence count."""

    def matched(self, floor: float) -> float:
        """Share of the longer text's sentences aligned one for one with a cosine ≥ floor."""
        return float((self.matches >= floor).sum()) / self.size if self.size else -1.0

    @property
    def positive(self) -> bool:
        return self.kind in ("translation", "copy")


def main() -> None:
    args = dev_arguments(__doc__)
    settings = Settings.from_env()
    encoder = get_encoder(settings.encoder)
    dev = read_dev(
        args, ("ntrex-dev.jsonl", "ecbplus-dev.jsonl", "semeval-dev-pairs.jsonl"), settings, encoder
    )
    base = background_params(encoder, dev)
    data = prepare(args, settings, dev, base)
    folds = assign_folds(data.group)
    labels = Runner(settings, encoder.dim, data, "ecb").labels()
    rules = [
        fit_family(data, [i for i, f in enumerate(folds) if f != k], labels) for k in range(FOLDS)
    ]
    for k, rule in enumerate(rules):
        print(f"fold {k} family rule {rule}")
    split = [sentences(a.title, a.body) for a in dev.articles]
    vectors = sentence_vectors(args.cache, encoder, split)
    pairs = scored_pairs(data, folds, rules, vectors)
    with (args.cache / "second-opinion-pairs.pkl").open("wb") as out:
        pickle.dump(pairs, out)
    describe(pairs)
    cross_validate(pairs)


def sentence_vectors(cache: object, encoder: Encoder, split: list[list[str]]) -> list[Vectors]:
    """Each text's sentence vectors, embedded in one call and cached (minutes on 2 cores)."""
    from pathlib import Path

    flat = [s for texts in split for s in texts]
    digest = hashlib.sha256("\x00".join(flat).encode()).hexdigest()[:16]
    path = Path(str(cache)) / f"sentences-{encoder.name}-{digest}.npy"
    if path.exists():
        every = np.asarray(np.load(path), dtype=np.float32)
    else:
        every = np.asarray(encoder.encode(flat), dtype=np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, every)
    bounds = np.cumsum([0, *(len(s) for s in split)])
    return [every[bounds[i] : bounds[i + 1]] for i in range(len(split))]


def shares(left: Vectors, right: Vectors) -> tuple[float, float, npt.NDArray[np.float32], int, int]:
    """As the pipeline aligns: each text's first ``MAX_SENTENCES``."""
    shortest = min(len(left), len(right))
    left, right = left[:MAX_SENTENCES], right[:MAX_SENTENCES]
    beads = align(left, right)
    aligned = sum(len(b.left) + len(b.right) for b in beads if b.left and b.right)
    a, b = _centred(left), _centred(right)
    ones = [(x.left[0], x.right[0]) for x in beads if len(x.left) == 1 and len(x.right) == 1]
    cosines = np.asarray([float(a[i] @ b[j]) for i, j in ones], np.float32)
    coverage = aligned / max(1, len(left) + len(right))
    return one_for_one(beads), coverage, cosines, max(len(left), len(right)), shortest


def scored_pairs(
    data: Data, folds: list[int], rules: Sequence[object], vectors: list[Vectors]
) -> list[Pair]:
    """Every labelled pair within one fold, scored by that fold's held-out rule."""
    from polywire.cluster import LinearRule

    records, langs = data.dev.records, data.dev.langs
    found = []

    def add(
        kind: str, i: int, j: int, features: npt.NDArray[np.float64], left: Vectors | None = None
    ) -> None:
        rule = rules[folds[i]]
        assert isinstance(rule, LinearRule)
        logit = float(rule.logits(features[None, :]).max())
        name = f"{records[i].get('id')} ~ {records[j].get('id')}"
        cross = langs[i] != langs[j]
        if logit > FLOOR:
            share, coverage, cosines, size, shortest = shares(
                vectors[i] if left is None else left, vectors[j]
            )
            found.append(
                Pair(kind, folds[i], logit, share, coverage, name, cosines, size, cross, shortest)
            )
        else:
            found.append(Pair(kind, folds[i], logit, -1.0, -1.0, name, cross=cross))

    for (i, j), features in zip(data.pairs, data.features, strict=True):
        if folds[i] != folds[j]:
            continue
        if data.kind[i] == "ntrex":
            same = records[i]["story"] == records[j]["story"]
            add("translation" if same else "ntrex other", i, j, features)
        else:
            add("ecb", i, j, features)
    for i, row in data.copies.items():
        paragraphs = data.dev.articles[i].body.split("\n")
        # The copy drops the last paragraph: its sentences are a prefix of the text's.
        kept = len(sentences(data.dev.articles[i].title, "\n".join(paragraphs[:-1])))
        add("copy", i, i, np.asarray(row), vectors[i][:kept])
    one_text = one_text_pairs(data.semeval_features)
    for k, (i, j, overall) in enumerate(data.semeval):
        if one_text[k]:
            continue
        kind = (
            "semeval different"
            if overall >= OTHER_EVENT
            else "semeval same"
            if overall <= 1.5
            else "semeval unrated"
        )
        both = np.stack([data.semeval_features[k], data.semeval_corpus[k]])
        rule = rules[folds[i]]
        assert isinstance(rule, LinearRule)
        logit = float(rule.logits(both).max())
        name = str(records[i]["pair_id"])
        cross = langs[i] != langs[j]
        if logit > FLOOR:
            share, coverage, cosines, size, shortest = shares(vectors[i], vectors[j])
            found.append(
                Pair(kind, folds[i], logit, share, coverage, name, cosines, size, cross, shortest)
            )
        else:
            found.append(Pair(kind, folds[i], logit, -1.0, -1.0, name, cross=cross))
    return found


EVIDENCE = ("one-for-one", "matched 0.3", "matched 0.4", "matched 0.5", "matched 0.6")
"""What alignment says of a pair: the one-for-one share (``link.versions.one_for_one``), or
the share of the longer text's sentences aligned one for one with a centred cosine ≥ x."""


def evidence(p: Pair, name: str) -> float:
    if p.share < 0:
        return -1.0
    return p.share if name == "one-for-one" else p.matched(float(name.split()[1]))


def describe(pairs: list[Pair]) -> None:
    """The figures with each fold's held-out rule, before any band is chosen."""
    print("\nheld-out rule alone (logit > 0); the alignment evidence where aligned (5/50/95%):")
    for kind in sorted({p.kind for p in pairs}):
        group = [p for p in pairs if p.kind == kind]
        joined = sum(p.logit > 0 for p in group)
        aligned = [p for p in group if p.share >= 0]
        print(
            f"  {kind:18s} {len(group):6d} pairs, rule joins {joined:5d}; aligned {len(aligned):5d}"
        )
        for name in EVIDENCE:
            values = [evidence(p, name) for p in aligned]
            q = np.percentile(values, [5, 50, 95]).round(2).tolist() if values else []
            print(f"      {name:12s} {q}")
    print("\ntranslations and copies the rule refuses (logit ≤ 0), by logit band:")
    refused = [p for p in pairs if p.positive and p.logit <= 0]
    for low, high in itertools.pairwise((-99.0, *LOWS[1:], 0.0)):
        band = [p for p in refused if low < p.logit <= high]
        if band:
            matched = np.asarray([p.matched(0.4) for p in band])
            print(
                f"  ({low:5.1f}, {high:4.1f}]: {len(band):3d}; matched 0.4 ≥ 0.5: "
                f"{(matched >= 0.5).sum()}, ≥ 0.7: {(matched >= 0.7).sum()}"
            )
    for name in ("one-for-one", "matched 0.4"):
        print(f"\nnegatives the rule scores in (-6, 0], highest {name} first:")
        risky = [p for p in pairs if not p.positive and -6 < p.logit <= 0]
        for p in sorted(risky, key=lambda p: -evidence(p, name))[:8]:
            print(
                f"  {p.kind:18s} logit {p.logit:6.2f} {name} {evidence(p, name):.2f} "
                f"({p.size} sentences) {p.name}"
            )


class Table:
    """The pairs as arrays, for a fast grid search."""

    def __init__(self, pairs: list[Pair]) -> None:
        self.logit = np.asarray([p.logit for p in pairs])
        self.positive = np.asarray([p.positive for p in pairs])
        self.different = np.asarray([p.kind == "semeval different" for p in pairs])
        self.fold = np.asarray([p.fold for p in pairs])
        self.cross = np.asarray([p.cross for p in pairs])
        # Where a text is shorter than family_align_min_sentences, the opinion abstains.
        least = Settings().family_align_min_sentences
        self.asked = self.cross & np.asarray([p.shortest >= least for p in pairs])
        self.evidence = {name: np.asarray([evidence(p, name) for p in pairs]) for name in EVIDENCE}

    def decide(self, name: str, low: float, high: float, tau: float) -> npt.NDArray[np.bool_]:
        """In the band, for two languages, alignment decides; elsewhere the rule (within one
        language, a copy shares words, and the rule reads them)."""
        return np.where(self.band(low, high), self.evidence[name] >= tau, self.logit > 0)

    def band(self, low: float, high: float) -> npt.NDArray[np.bool_]:
        """The pairs the second opinion is asked about."""
        band: npt.NDArray[np.bool_] = (self.logit > low) & (self.logit <= high) & self.asked
        return band

    def choose(self, mask: npt.NDArray[np.bool_], name: str) -> tuple[float, float, float]:
        """Band and τ on the masked pairs: fewest different-event SemEval pairs joined, then
        fewest other negatives the rule alone would not join, then most positives, then the
        fewest pairs aligned (the cost); τ the middle of those that tie."""
        rule = self.logit > 0
        scored = {}
        for low, high, tau in itertools.product(LOWS, HIGHS, TAUS):
            if high < low:
                continue
            joined = self.decide(name, low, high, tau) & mask
            band = self.band(low, high)
            scored[low, high, tau] = (
                -int((joined & self.different).sum()),
                -int((joined & ~self.positive & ~self.different & ~rule).sum()),
                int((joined & self.positive).sum()),
                -int((band & mask).sum()),
            )
        top = max(scored.values())
        ties = [k for k, v in scored.items() if v == top]
        low, high, _ = ties[0]
        taus = [tau for lo, hi, tau in ties if (lo, hi) == (low, high)]
        return low, high, taus[len(taus) // 2]


def cross_validate(pairs: list[Pair]) -> None:
    table = Table(pairs)
    kinds = np.asarray([p.kind for p in pairs])
    for name in EVIDENCE:
        print(f"\ncross-validated, evidence {name} (band and τ chosen on the other folds):")
        joined = np.zeros(len(pairs), bool)
        aligned = 0
        for k in range(FOLDS):
            low, high, tau = table.choose(table.fold != k, name)
            held = table.fold == k
            joined[held] = table.decide(name, low, high, tau)[held]
            aligned += int((held & table.band(low, high)).sum())
            print(f"  fold {k}: band ({low}, {high}], τ {tau}")
        print(f"  pairs aligned: {aligned} of {len(pairs)}")
        print(f"  {'':18s} {'pairs':>6s} {'rule':>6s} {'+align':>6s}")
        for kind in sorted(set(kinds.tolist())):
            of = kinds == kind
            rule = int((of & (table.logit > 0)).sum())
            print(f"  {kind:18s} {int(of.sum()):6d} {rule:6d} {int((of & joined).sum()):6d}")
        low, high, tau = table.choose(np.ones(len(pairs), bool), name)
        print(f"  on all pairs: band ({low}, {high}], τ {tau}")


if __name__ == "__main__":
    main()
