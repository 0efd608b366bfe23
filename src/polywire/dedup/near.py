"""Near-duplicates: leads the encoder has, in effect, read already.

The encoder reads only the headline and lead, so a copy whose lead differs
from a stored one by a word or two (a fixed typo, a byline, a site's own
headline prefix) would cost a full embedding for a vector all but identical
to one in the store. MinHash over the lead's word shingles, indexed by LSH
(datasketch), finds such a twin in microseconds, and the twin's stored vector
is reused. Two leads are twins when about 80% of their word pairs are shared.
"""

from __future__ import annotations

import regex
from datasketch import LeanMinHash, MinHash, MinHashLSH

THRESHOLD = 0.8
PERMUTATIONS = 64
SHINGLE = 2
_WORD = regex.compile(r"[\p{L}\p{N}]+")


class NearDuplicates:
    """An index of lead signatures by the key of the article that has them."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        # Drawing the hash permutations once makes each signature ~10× cheaper.
        template = MinHash(num_perm=PERMUTATIONS)
        self._permutations, self._scheme = template.permutations, template.scheme

    def signature(self, lead: str) -> LeanMinHash:
        words = _WORD.findall(lead.lower())
        shingles = {
            " ".join(words[i : i + SHINGLE]).encode("utf-8")
            for i in range(max(1, len(words) - SHINGLE + 1))
        }
        minhash = MinHash(
            num_perm=PERMUTATIONS, permutations=self._permutations, scheme=self._scheme
        )
        minhash.update_batch(list(shingles))
        return LeanMinHash(minhash)

    def twin(self, signature: LeanMinHash) -> str | None:
        """The key of a held lead near-identical to this one, if any."""
        found = self._lsh.query(signature)
        return min(found) if found else None

    def add(self, key: str, signature: LeanMinHash) -> None:
        if key not in self._lsh.keys:
            self._lsh.insert(key, signature, check_duplication=False)
