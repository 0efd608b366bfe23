"""Near-duplicates: leads the encoder has, in effect, read already.

The encoder reads only the headline and lead, so a copy whose lead differs
from a stored one by a word or two (a fixed typo, a byline, a site's own
headline prefix) would cost a full embedding for a vector all but identical
to one in the store. MinHash over the lead's word shingles (datasketch),
banded for LSH, proposes such a twin in microseconds, and the twin's stored
vector is reused. Two leads are twins when at least 80% of their word pairs
are shared. LSH is a sieve, not a judge: it misses some pairs above any
threshold and lets through some below. So it is set loose, to miss few twins,
and each lead it proposes is compared with the new one.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import regex
from datasketch import MinHash

from polywire.dedup.bands import BandIndex

THRESHOLD = 0.8
"""Twins share at least this part of their word pairs."""
BANDS, ROWS = 10, 6
"""The index proposes 95% of the leads that share 80% of their word pairs, 99.9% of those
that share 90%, and 15% of those that share half: 1 - (1 - share⁶)¹⁰."""
SHINGLE = 2
_WORD = regex.compile(r"[\p{L}\p{N}]+")
# Odd multipliers make each band's six hash values one 64-bit key, a different one per band.
_MIX = np.random.default_rng(0).integers(1, 2**63, (BANDS, ROWS), dtype=np.uint64) | np.uint64(1)

Signature = npt.NDArray[np.uint64]
"""A lead's band keys."""


class NearDuplicates:
    """An index of lead signatures by the key of the article that has them."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._bands = BandIndex()
        self._keys: list[str] = []
        # Drawing the hash permutations once makes each signature ~10× cheaper.
        template = MinHash(num_perm=BANDS * ROWS)
        self._permutations, self._scheme = template.permutations, template.scheme

    def signature(self, lead: str) -> Signature:
        minhash = MinHash(
            num_perm=BANDS * ROWS, permutations=self._permutations, scheme=self._scheme
        )
        minhash.update_batch(list(_shingles(lead)))
        bands = minhash.hashvalues.astype(np.uint64).reshape(BANDS, ROWS)
        keys: Signature = (bands * _MIX).sum(axis=1, dtype=np.uint64)
        return keys

    def candidates(self, signature: Signature) -> list[str]:
        """Keys of held leads that may be twins of this one; ``twin`` decides."""
        return sorted({self._keys[row] for row in self._bands.rows(signature)})

    def twin(self, lead: str, candidates: Mapping[str, str]) -> str | None:
        """The key of the candidate lead (by key) that shares most of this lead's word pairs,
        if it shares at least ``threshold`` of them."""
        mine = _shingles(lead)
        shares = {key: _jaccard(mine, _shingles(other)) for key, other in candidates.items()}
        best = max(shares, key=lambda key: (shares[key], key), default=None)
        return best if best is not None and shares[best] >= self.threshold else None

    def add(self, key: str, signature: Signature) -> None:
        self._bands.add(len(self._keys), signature)
        self._keys.append(key)


def _jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b)


def _shingles(lead: str) -> set[bytes]:
    """The lead's word pairs, lower-cased; a lead of one word or none is its own."""
    words = _WORD.findall(lead.lower())
    return {
        " ".join(words[i : i + SHINGLE]).encode("utf-8")
        for i in range(max(1, len(words) - SHINGLE + 1))
    }
