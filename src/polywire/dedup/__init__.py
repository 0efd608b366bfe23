"""Known texts, found before the encoder runs: exact fingerprints and near-duplicate leads,
and where a near-duplicate differs from its twin."""

from polywire.dedup.changed import lines_only_in
from polywire.dedup.fingerprint import fingerprint
from polywire.dedup.near import NearDuplicates

__all__ = ["NearDuplicates", "fingerprint", "lines_only_in"]
