"""``Document`` → ``Article``: decoding, boilerplate removal and metadata."""

from polywire.extract.core import extract

__all__ = ["extract"]
