"""``polywire ingest --engine ray``: extract, language and embed as a Ray Data job.

The parallel stages run on every Ray worker: each worker is an actor holding
its own encoder and turning documents into embedded articles. Clustering
must see one article at a time, so the driver takes the results in
publication-time order (undated ones last, in input order) and runs them
through the same ``Pipeline`` steps the single-process engine does, in the
same batches: ``admit`` (dedup, the site-template cleaner), then
``store_batch`` (near-duplicate twins, which take their twin's vector and
are stored as its copies, clustering, entities, the store and the snapshot).
An article whose lead the template cleaner changed is embedded again, so both
engines store the same vectors.

Without an address, a local Ray instance with ``workers`` CPUs is started;
with one (``ray://host:10001`` or ``auto``) the job runs on that cluster,
whose nodes need Polywire installed.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
import ray
import ray.data

from polywire.embed import get_encoder, lead_text
from polywire.errors import BadInput
from polywire.model import Article, Document, Failure
from polywire.parallel.order import publication_order
from polywire.pipeline import IngestReport, Pipeline, extract_safely, with_language


class _Embedder:
    """One per worker: extract, detect the language and embed a batch of documents."""

    def __init__(self, encoder: str, lead_chars: int) -> None:
        # Each worker is one of the parallel lanes: one thread of the model each.
        os.environ["OMP_NUM_THREADS"] = "1"
        self.encoder = get_encoder(encoder)
        self.lead_chars = lead_chars

    def __call__(self, batch: dict[str, npt.NDArray[Any]]) -> dict[str, npt.NDArray[Any]]:
        results: list[tuple[Article, str | None] | str] = []
        for raw in batch["document"]:
            document: Document = pickle.loads(raw)
            try:
                article, note = extract_safely(document)
                results.append((with_language(article), note))
            except BadInput as exc:
                results.append(str(exc))
        leads = [
            lead_text(r[0].title, r[0].body, self.lead_chars)
            for r in results
            if isinstance(r, tuple)
        ]
        vectors = iter(self.encoder.encode(leads))
        zero = np.zeros(self.encoder.dim, dtype=np.float32)
        return {
            "index": batch["index"],
            "result": np.array([pickle.dumps(r) for r in results], dtype=object),
            "vector": np.stack([next(vectors) if isinstance(r, tuple) else zero for r in results]),
        }


def ingest_on_ray(
    pipeline: Pipeline,
    inputs: Iterable[Document | Failure],
    workers: int = 2,
    address: str | None = None,
) -> IngestReport:
    """Ingest like ``pipeline.ingest``, with the parallel stages spread over Ray workers."""
    report = IngestReport()
    documents: list[Document] = []
    with report.timing("read"):
        for item in inputs:
            if isinstance(item, Failure):
                report.failures.append(item)
            else:
                documents.append(item)
    if not documents:
        return report
    ray.init(
        address=address,
        num_cpus=None if address else workers,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
        ignore_reinit_error=True,
    )
    # The CLI shows its own progress; Ray Data's bars and logs would interleave with it.
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    try:
        with report.timing("parallel"):
            rows = _run(pipeline, documents, workers)
    finally:
        ray.shutdown()
    _place_in_order(pipeline, documents, rows, report)
    return report


def _run(pipeline: Pipeline, documents: list[Document], workers: int) -> list[dict[str, Any]]:
    items = [{"index": i, "document": pickle.dumps(d)} for i, d in enumerate(documents)]
    dataset = ray.data.from_items(items, override_num_blocks=max(1, min(len(items), workers * 8)))
    embedded = dataset.map_batches(
        _Embedder,
        fn_constructor_kwargs={
            "encoder": pipeline.settings.encoder,
            "lead_chars": pipeline.settings.lead_chars,
        },
        batch_size=pipeline.settings.batch_size,
        concurrency=workers,
        num_cpus=1,
    )
    return list(embedded.take_all())


def _place_in_order(
    pipeline: Pipeline,
    documents: list[Document],
    rows: list[dict[str, Any]],
    report: IngestReport,
) -> None:
    ready: list[tuple[int, Article, npt.NDArray[np.float32]]] = []
    for row in rows:
        result = pickle.loads(row["result"])
        index = int(row["index"])
        if isinstance(result, str):
            report.failures.append(Failure(documents[index].source, result))
            continue
        article, note = result
        if note:
            report.notes.append(Failure(article.source, note))
        ready.append((index, article, np.asarray(row["vector"], dtype=np.float32)))
    pending: set[str] = set()
    batch: list[tuple[Article, str]] = []
    vectors: list[npt.NDArray[np.float32] | None] = []
    for _, article, vector in sorted(ready, key=lambda r: publication_order(r[1], r[0])):
        admitted = pipeline.admit(article, report, pending, has_language=True)
        if admitted is None:
            continue
        batch.append(admitted)
        # A lead the template cleaner changed is embedded again, in the batch (or not at all,
        # if it turns out a near-duplicate).
        vectors.append(vector if pipeline.lead(admitted[0]) == pipeline.lead(article) else None)
        if len(batch) >= pipeline.settings.batch_size:
            pipeline.store_batch(batch, vectors, report)
            batch, vectors, pending = [], [], set()
    pipeline.store_batch(batch, vectors, report)
    pipeline.finish(report)
