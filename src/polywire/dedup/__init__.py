"""Known texts: exact fingerprints and near-duplicate leads, found before the encoder runs,
and where a near-duplicate differs from its twin."""

from polywire.dedup.changed import lines_only_in
from polywire.dedup.fingerprint import fingerprint
from polywire.dedup.near import NearDuplicates, Signature

__all__ = ["NearDuplicates", "Signature", "fingerprint", "lines_only_in"]
