"""Polywire: an offline multilingual news monitor."""

__version__ = "0.2.0"
