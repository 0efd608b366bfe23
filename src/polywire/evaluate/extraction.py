"""Extraction quality: token-shingle precision, recall and F1 against a gold article body.

The measure of the article-extraction-benchmark: 4-token shingles, counts
normalised per page so long pages weigh no more than short ones, precision and
recall averaged over pages, F1 of the averages.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from polywire.errors import BadInput
from polywire.evaluate.metrics import PRF
from polywire.extract import extract
from polywire.extract.decode import decode
from polywire.extract.html import page_text
from polywire.extract.text import clean_text
from polywire.link.relation import shingles
from polywire.model import Document


@dataclass(frozen=True)
class PageMatch:
    """Normalised true positives, false positives and false negatives of one page."""

    tp: float
    fp: float
    fn: float


def match(gold: str, predicted: str) -> PageMatch:
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return PageMatch(tp / total, fp / total, fn / total) if total else PageMatch(0, 0, 0)


def corpus_score(pages: Sequence[PageMatch]) -> PRF:
    precisions = [_ratio(m.tp, m.fp, m.fn, m.fp) for m in pages if m.tp + m.fp > 0]
    recalls = [_ratio(m.tp, m.fp, m.fn, m.fn) for m in pages if m.tp + m.fn > 0]
    return PRF(
        sum(precisions) / len(precisions) if precisions else 0.0,
        sum(recalls) / len(recalls) if recalls else 0.0,
    )


def _ratio(tp: float, fp: float, fn: float, miss: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + miss) if tp + miss else 0.0


def benchmark(folder: Path) -> dict[str, PRF]:
    """Scores on an article-extraction-benchmark folder (``html/*.html.gz``, ``ground-truth.json``).

    Four systems, in one run: plain trafilatura as a reference, Polywire's HTML
    path, and on whole-page text dumps, "keep everything" and Polywire's cleaner.
    """
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    matches: dict[str, list[PageMatch]] = {name: [] for name in SYSTEMS}
    for key, gold in truth.items():
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        for name, system in SYSTEMS.items():
            matches[name].append(match(gold.get("articleBody", ""), system(raw)))
    return {name: corpus_score(found) for name, found in matches.items()}


def _trafilatura(raw: bytes) -> str:
    return trafilatura.extract(decode(raw, html=True)[0]) or ""


def _polywire_html(raw: bytes) -> str:
    try:
        article, _ = extract(Document("page.html", raw, "text/html"))
    except BadInput:
        return ""
    return article.body  # the gold is the body alone


def _dump(raw: bytes) -> str:
    return page_text(decode(raw, html=True)[0])


def _cleaned_dump(raw: bytes) -> str:
    article = clean_text(_dump(raw), "dump")
    return f"{article.title}\n{article.body}"


SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "trafilatura (defaults)": _trafilatura,
    "polywire HTML": _polywire_html,
    "text dump: keep everything": _dump,
    "text dump: polywire cleaner": _cleaned_dump,
}
