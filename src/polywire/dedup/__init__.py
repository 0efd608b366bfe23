"""Known texts, found before the encoder runs: exact fingerprints and near-duplicate leads."""

from polywire.dedup.fingerprint import fingerprint
from polywire.dedup.near import NearDuplicates

__all__ = ["NearDuplicates", "fingerprint"]
