"""Versions inside a family: which text is a translation of which, sentence by sentence."""

from polywire.link.align import Bead, align

__all__ = ["Bead", "align"]
