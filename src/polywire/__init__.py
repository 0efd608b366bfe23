"""Polywire: an offline multilingual news monitor."""

__version__ = "0.1.0"
