"""Known texts, found before the encoder runs: exact fingerprints and near-duplicate leads,
and what a near-duplicate adds."""

from polywire.dedup.added import added_lines
from polywire.dedup.fingerprint import fingerprint
from polywire.dedup.near import NearDuplicates

__all__ = ["NearDuplicates", "added_lines", "fingerprint"]
