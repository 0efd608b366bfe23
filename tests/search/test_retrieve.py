"""Query vectors: embedded once however many readers ask at the same time."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from polywire.embed import Encoder
from polywire.embed.base import Vectors
from polywire.search import Searcher


class SlowEncoder(Encoder):
    """A model that takes its time, and counts what it is asked."""

    name = "slow"
    dim = 4

    def __init__(self) -> None:
        self.asked: list[str] = []
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            self.asked += texts
        time.sleep(0.05)
        vectors: Vectors = np.full((len(texts), self.dim), 0.5, dtype=np.float32)
        return vectors


def test_fifty_readers_asking_new_words_at_once_embed_them_once() -> None:
    encoder = SlowEncoder()
    searcher = Searcher(encoder, cutoff=0.8)
    queries = ["earthquake rescue", "Ryder Cup", "землетрясение"] * 17
    with ThreadPoolExecutor(50) as pool:
        vectors = list(pool.map(searcher.query_vector, queries))
    assert sorted(encoder.asked) == sorted(set(queries))
    assert all(v.shape == (4,) for v in vectors)
    searcher.query_vector("Ryder Cup")  # asked again later: kept
    assert len(encoder.asked) == 3
