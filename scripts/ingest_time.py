"""How long this checkout's pipeline takes to ingest the bench's first N articles.

Usage: PYTHONPATH=src:scripts .venv/bin/python scripts/ingest_time.py [--articles 300]
       [--encoder openvino] [--keep STORE.db] [--profile OUT.prof] [--floor]

The corpus is ``bench.build_corpus(1000)``'s first N records, into an empty store in a
temporary folder; ``--keep`` writes the store to that file instead, to compare two
checkouts' stores with ``scripts/compare_stores.py``, and ``--profile`` saves a cProfile of
the ingest (main thread only). Besides wall time it prints the CPU time of the process and
of its main thread: the model runs in threads of its own, so the main thread's CPU time is
the rest of the pipeline's work, and moves less with other work sharing the cores. Run it
from several checkouts one after the other (each with its own ``src`` first on PYTHONPATH)
to compare commits on the same machine at the same time.

``--floor`` records every encoder call the ingest made and, after it, makes the same calls
again with nothing else running: the model's own time for what this pipeline embeds (leads,
version sentences, names), a floor no end-to-end rate can pass on this machine now.
"""

from __future__ import annotations

import argparse
import cProfile
import tempfile
import time
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from bench import build_corpus
from polywire.config import Settings
from polywire.embed import Encoder, get_encoder
from polywire.embed.base import Vectors
from polywire.ingest import read_paths
from polywire.pipeline import Pipeline
from polywire.store import open_store


class Recording(Encoder):
    """An encoder that remembers the texts of each call it passes on."""

    def __init__(self, inner: Encoder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


def floor(encoder: Recording) -> str:
    """The same calls again, one after the other, with nothing else running."""
    began, cpu = time.perf_counter(), time.process_time()
    for call in encoder.calls:
        encoder.inner.encode(call)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    texts = sum(len(call) for call in encoder.calls)
    chars = sum(len(text) for call in encoder.calls for text in call)
    return (
        f"the model alone, the same {len(encoder.calls)} calls ({texts} texts, "
        f"{chars / 1000:.0f}k characters): {seconds:.1f} s, CPU {cpu:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--encoder", default="openvino")
    parser.add_argument("--keep", type=Path, help="write the store to this new SQLite file")
    parser.add_argument("--profile", type=Path, help="save a cProfile of the ingest here")
    parser.add_argument("--floor", action="store_true", help="time the model alone after")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus, part = Path(folder) / "corpus.jsonl", Path(folder) / "part.jsonl"
        build_corpus(1000, corpus)
        with corpus.open(encoding="utf-8") as lines:
            part.write_text("".join(islice(lines, args.articles)))
        db = args.keep or Path(folder) / "store.db"
        settings = Settings(db=str(db), encoder=args.encoder)
        profile = cProfile.Profile() if args.profile else None
        with open_store(settings.db) as store:
            encoder = Recording(get_encoder(settings.encoder))
            pipeline = Pipeline(store, settings, encoder=encoder)
            documents = list(read_paths([part], 10**9))
            began, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
            if profile:
                profile.enable()
            done = pipeline.ingest(documents)
            if profile:
                profile.disable()
            seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
            own = time.thread_time() - own
    if profile:
        profile.dump_stats(args.profile)
    stages = ", ".join(f"{name} {s:.1f} s" for name, s in done.seconds.items() if s >= 0.05)
    print(
        f"{len(done.ingested)} articles in {seconds:.1f} s ({len(done.ingested) / seconds:.1f}/s), "
        f"process CPU {cpu:.1f} s, main thread CPU {own:.1f} s; {stages}"
    )
    if args.floor:
        print(floor(encoder))


if __name__ == "__main__":
    main()
