"""Extraction quality on ../shared/data/article-extraction-benchmark (181 real pages).

Usage: .venv/bin/python scripts/bench_extraction.py [--data ../shared/data]

Prints token-shingle precision/recall/F1 for:
- plain trafilatura (its defaults), measured in the same run as a reference;
- Polywire's HTML path (decoding + trafilatura tuned for precision);
- Polywire's text cleaner on whole-page text dumps (every text node of the page,
  navigation included), beside "keep everything" on the same dumps.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
import trafilatura

from polywire.errors import BadInput
from polywire.evaluate.extraction import PageMatch, corpus_score, match
from polywire.extract import extract
from polywire.extract.decode import decode
from polywire.extract.text import clean_text
from polywire.model import Document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    args = parser.parse_args()
    folder = args.data / "article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {
        key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()) for key in truth
    }

    systems: dict[str, Callable[[bytes], str]] = {
        "trafilatura (defaults)": lambda raw: (
            trafilatura.extract(raw.decode("utf-8", "replace")) or ""
        ),
        "polywire HTML": _polywire_html,
        "text dump: keep everything": _text_dump,
        "text dump: polywire cleaner": lambda raw: _clean(_text_dump(raw)),
    }
    print(f"{len(pages)} pages · token 4-shingles · averaged over pages")
    print(f"{'system':<30} {'precision':>9} {'recall':>9} {'F1':>7}")
    for name, system in systems.items():
        matches = [
            match(truth[key].get("articleBody", ""), system(raw)) for key, raw in pages.items()
        ]
        score = _score(matches)
        print(f"{name:<30} {score[0]:>9.3f} {score[1]:>9.3f} {score[2]:>7.3f}")


def _polywire_html(raw: bytes) -> str:
    try:
        article, _ = extract(Document("page.html", raw, "text/html"))
    except BadInput:
        return ""
    return article.body  # the gold is the body alone


_BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "tr",
        "td",
        "th",
        "article",
        "section",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "figure",
        "figcaption",
        "form",
        "table",
        "dd",
        "dt",
        "pre",
        "title",
    ]
)


def _text_dump(raw: bytes) -> str:
    """The page as a browser's select-all-and-copy gives it: one line per block element."""
    text, _ = decode(raw, html=True)
    tree = lxml.html.fromstring(text)
    for node in tree.xpath("//script|//style|//noscript"):
        node.drop_tree()
    for node in tree.iter():
        if isinstance(node.tag, str) and node.tag.lower() in _BLOCKS:
            node.tail = "\n" + (node.tail or "")
    return "\n".join(line.strip() for line in tree.text_content().splitlines() if line.strip())


def _clean(text: str) -> str:
    article = clean_text(text, "dump")
    return f"{article.title}\n{article.body}"


def _score(matches: list[PageMatch]) -> tuple[float, float, float]:
    prf = corpus_score(matches)
    return prf.precision, prf.recall, prf.f1


if __name__ == "__main__":
    main()
