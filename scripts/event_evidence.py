"""How often each level of time evidence is present: a publication time, a day the headline
and lead name, neither.

Usage: .venv/bin/python scripts/event_evidence.py PATH... [--show N]

PATH is a folder or file polywire ingests, or a SemEval pairs file (``text1``/``text2``,
title and body separated by two spaces). Each text goes through extraction and language
detection as in the pipeline, then ``extract.events``. ``--show N`` prints the first N
event days with the words that named them.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from polywire.config import Settings
from polywire.embed import lead_text
from polywire.errors import BadInput
from polywire.extract.events import event_date
from polywire.ingest import input_files, read_paths
from polywire.model import Document, Failure
from polywire.pipeline import extract_safely, with_language


def documents(path: Path, max_bytes: int) -> Iterator[Document | Failure]:
    first = path.open("rb").readline() if path.is_file() else b""
    if path.suffix == ".jsonl" and b'"text1"' in first:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                pair = json.loads(line)
                for side in ("1", "2"):
                    title, _, body = pair[f"text{side}"].partition("  ")
                    yield Document(
                        source=f"{path}:{number}:{side}",
                        content=body.encode(),
                        content_type="text/plain",
                        title=title,
                        lang=pair[f"lang{side}"],
                    )
    else:
        yield from read_paths(input_files([path]), max_bytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    settings = Settings.from_env()
    for path in args.paths:
        counts: Counter[str] = Counter()
        shown = 0
        for document in documents(path, int(settings.max_file_mb * 1e6)):
            if isinstance(document, Failure):
                counts["failed"] += 1
                continue
            try:
                article = with_language(extract_safely(document)[0])
            except BadInput:
                counts["failed"] += 1
                continue
            lead = lead_text(article.title, article.body, settings.lead_chars)
            event = event_date(lead, article.lang, article.published_at)
            published = article.published_at is not None
            counts["texts"] += 1
            counts["publication time"] += published
            if event.source == "named":
                counts["named day"] += 1
                counts["named day, year known" if event.full_date else "named day, no year"] += 1
            counts["neither"] += event.source == "unknown"
            if shown < args.show:
                shown += 1
                print(f"  {event.day} {event.source} {published:d} {lead[:90]!r}")
        total = counts["texts"]
        print(f"{path}: {total} texts")
        for level in (
            "publication time",
            "named day",
            "named day, year known",
            "named day, no year",
            "neither",
            "failed",
        ):
            print(f"  {level:<24} {counts[level]:>5}  {counts[level] / max(total, 1):6.1%}")


if __name__ == "__main__":
    main()
