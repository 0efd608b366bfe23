"""Near-duplicates: leads the encoder has, in effect, read already.

The encoder reads only the headline and lead, so a copy whose lead differs
from a stored one by a word or two (a fixed typo, a byline, a site's own
headline prefix) would cost a full embedding for a vector all but identical
to one in the store. MinHash over the lead's word shingles, indexed by LSH
(datasketch), proposes such a twin in microseconds, and the twin's stored
vector is reused. Two leads are twins when 80% of their word pairs are
shared. LSH is a sieve, not a judge: it lets through some leads that share
only half, so each one it proposes is checked against the twin's own lead.
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
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        # Drawing the hash permutations once makes each signature ~10× cheaper.
        template = MinHash(num_perm=PERMUTATIONS)
        self._permutations, self._scheme = template.permutations, template.scheme

    def signature(self, lead: str) -> LeanMinHash:
        minhash = MinHash(
            num_perm=PERMUTATIONS, permutations=self._permutations, scheme=self._scheme
        )
        minhash.update_batch(list(_shingles(lead)))
        return LeanMinHash(minhash)

    def candidates(self, signature: LeanMinHash) -> list[str]:
        """Keys of held leads that may be twins of this one; ``alike`` decides which are."""
        return sorted(self._lsh.query(signature))

    def alike(self, lead: str, other: str) -> bool:
        """Whether two leads share enough of their word pairs to be twins."""
        mine, theirs = _shingles(lead), _shingles(other)
        return len(mine & theirs) >= self.threshold * len(mine | theirs)

    def add(self, key: str, signature: LeanMinHash) -> None:
        if key not in self._lsh.keys:
            self._lsh.insert(key, signature, check_duplication=False)


def _shingles(lead: str) -> set[bytes]:
    """The lead's word pairs, lower-cased; a lead of one word or none is its own."""
    words = _WORD.findall(lead.lower())
    return {
        " ".join(words[i : i + SHINGLE]).encode("utf-8")
        for i in range(max(1, len(words) - SHINGLE + 1))
    }
