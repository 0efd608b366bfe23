"""Extraction quality: token-shingle precision, recall and F1 against a gold article body.

The measure of the article-extraction-benchmark: 4-token shingles, counts
normalised per page so long pages weigh no more than short ones, precision and
recall averaged over pages, F1 of the averages.

The same pages are scored twice: as HTML, and as visible-text dumps (what a
scraper or a copy-paste gives: no scripts, styles or templates, one line per
block element), which go through the plain-text cleaner.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import trafilatura

from polywire.config import DumpRules
from polywire.errors import BadInput
from polywire.evaluate.metrics import PRF
from polywire.extract import extract
from polywire.extract.decode import decode
from polywire.extract.html import page_text
from polywire.extract.text import RULES, clean_text
from polywire.link.relation import shingles
from polywire.model import Document


@dataclass(frozen=True)
class PageMatch:
    """Normalised true positives, false positives and false negatives of one page."""

    tp: float
    fp: float
    fn: float

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


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


@dataclass(frozen=True)
class Page:
    key: str
    gold: str
    html: str
    """Decoded as Polywire decodes it."""
    raw: bytes


def pages(folder: Path, every: int = 1) -> Iterator[Page]:
    """An article-extraction-benchmark folder's pages (``html/*.html.gz``, ``ground-truth.json``);
    ``every`` > 1 takes every n-th page, for a quick check."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth)[::every]:
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        yield Page(key, truth[key].get("articleBody", ""), decode(raw, html=True)[0], raw)


def page_matches(
    folder: Path, systems: dict[str, Callable[[Page], str]], every: int = 1
) -> dict[str, dict[str, PageMatch]]:
    """Each system's match on each page: system → page key → match."""
    found: dict[str, dict[str, PageMatch]] = {name: {} for name in systems}
    for page in pages(folder, every):
        for name, system in systems.items():
            found[name][page.key] = match(page.gold, system(page))
    return found


def benchmark(folder: Path, every: int = 1) -> dict[str, PRF]:
    """Scores of every system in ``SYSTEMS``, in one run."""
    found = page_matches(folder, SYSTEMS, every)
    return {name: corpus_score(list(by_page.values())) for name, by_page in found.items()}


def wins(base: dict[str, PageMatch], other: dict[str, PageMatch]) -> tuple[int, int]:
    """On how many pages ``other`` scores a better and a worse page F1 than ``base``."""
    better = sum(other[key].f1 > base[key].f1 + 1e-9 for key in base)
    worse = sum(other[key].f1 < base[key].f1 - 1e-9 for key in base)
    return better, worse


def _trafilatura(**options: Any) -> Callable[[Page], str]:
    def system(page: Page) -> str:
        return trafilatura.extract(page.html, **options) or ""

    return system


def _polywire_html(page: Page) -> str:
    try:
        article, _ = extract(Document("page.html", page.raw, "text/html"))
    except BadInput:
        return ""
    return article.body  # the gold is the body alone


def _dump(page: Page) -> str:
    return page_text(page.html)


def _cleaned_dump(page: Page) -> str:
    article = clean_text(_dump(page), "dump")
    return f"{article.title}\n{article.body}"


HTML_STEPS: dict[str, Callable[[Page], str]] = {
    "trafilatura (defaults)": _trafilatura(),
    "  + without comments": _trafilatura(include_comments=False),
    "  + favor_precision": _trafilatura(include_comments=False, favor_precision=True),
    "  favor_recall instead": _trafilatura(include_comments=False, favor_recall=True),
    "polywire HTML": _polywire_html,
}
"""Plain trafilatura, then each of Polywire's choices added one at a time."""
SYSTEMS: dict[str, Callable[[Page], str]] = {
    "trafilatura (defaults)": HTML_STEPS["trafilatura (defaults)"],
    "polywire HTML": _polywire_html,
    "text dump: keep everything": _dump,
    "text dump: polywire cleaner": _cleaned_dump,
}


def cross_validate(
    folder: Path, grid: Mapping[str, Sequence[Any]], folds: int = 5, seed: int = 0
) -> tuple[PRF, list[DumpRules]]:
    """The text-dump cleaner's score when its rules are chosen on the other folds' pages.

    Every combination of ``grid`` (DumpRules field → values) is scored on every page;
    pages are dealt into ``folds`` folds at random, each fold is cleaned with the
    combination that scores best on the other folds, and the folds' pages are scored
    together. Returns that score and each fold's choice.
    """
    dumps = [(page.key, page.gold, page_text(page.html)) for page in pages(folder)]
    combos = [replace(RULES, **dict(zip(grid, values, strict=True))) for values in _product(grid)]
    found: list[dict[str, PageMatch]] = []
    for rules in combos:
        found.append({})
        for key, gold, dump in dumps:
            article = clean_text(dump, "dump", rules=rules)
            found[-1][key] = match(gold, f"{article.title}\n{article.body}")
    keys = [key for key, _, _ in dumps]
    random.Random(seed).shuffle(keys)
    held: list[PageMatch] = []
    chosen: list[DumpRules] = []
    for fold in range(folds):
        test = set(keys[fold::folds])
        train = [key for key in keys if key not in test]
        best = max(range(len(combos)), key=lambda c: corpus_score([found[c][k] for k in train]).f1)
        chosen.append(combos[best])
        held.extend(found[best][key] for key in test)
    return corpus_score(held), chosen


def _product(grid: Mapping[str, Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    combos: list[tuple[Any, ...]] = [()]
    for values in grid.values():
        combos = [(*combo, value) for combo in combos for value in values]
    yield from combos


@dataclass(frozen=True)
class GoldDump:
    """A hand-read page: the openings of its article's paragraphs and of some debris lines."""

    path: Path
    lang: str
    article: list[str]
    debris: list[str]

    def text(self) -> str:
        """The page as a text dump (HTML pages through ``page_text``)."""
        text, _ = decode(self.path.read_bytes(), html=self.path.suffix == ".html")
        return page_text(text) if self.path.suffix == ".html" else text


def gold_dumps(fixture: Path, roots: dict[str, Path]) -> list[GoldDump]:
    """The fixture's pages; a key "seeds/x.txt" is read from ``roots["seeds"]``."""
    entries = json.loads(fixture.read_text(encoding="utf-8"))
    found = []
    for key, entry in entries.items():
        root, name = key.split("/", 1)
        found.append(GoldDump(roots[root] / name, entry["lang"], entry["article"], entry["debris"]))
    return found


@dataclass(frozen=True)
class GoldScore:
    lang: str
    pages: int
    shingles: PRF
    """Body against the gold body (for each paragraph opening, the dump's line with it)."""
    paragraphs_kept: float
    debris_dropped: float


def score_gold_dumps(dumps: Sequence[GoldDump]) -> list[GoldScore]:
    """Per language: the cleaner's shingle scores and the share of paragraphs and debris
    lines it got right."""
    by_lang: dict[str, list[tuple[PageMatch, int, int, int, int]]] = {}
    for dump in dumps:
        lines = [line.strip() for line in dump.text().splitlines() if line.strip()]
        # A paragraph's last line with its opening: a lead that repeats the headline comes after it.
        gold = [next(ln for ln in reversed(lines) if ln.startswith(s)) for s in dump.article]
        body = clean_text("\n".join(lines), str(dump.path)).body.split("\n")
        kept = sum(any(line.startswith(s) for line in body) for s in dump.article)
        dropped = sum(not any(line.startswith(s) for line in body) for s in dump.debris)
        found = match("\n".join(gold), "\n".join(body))
        by_lang.setdefault(dump.lang, []).append(
            (found, kept, len(dump.article), dropped, len(dump.debris))
        )
    return [
        GoldScore(
            lang,
            len(rows),
            corpus_score([row[0] for row in rows]),
            sum(row[1] for row in rows) / sum(row[2] for row in rows),
            sum(row[3] for row in rows) / sum(row[4] for row in rows),
        )
        for lang, rows in by_lang.items()
    ]
