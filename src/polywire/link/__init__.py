"""Versions inside a family: which text is a translation of which, sentence by sentence."""

from polywire.link.align import Bead, align
from polywire.link.versions import VersionLink, align_texts, family_tree, sentences

__all__ = ["Bead", "VersionLink", "align", "align_texts", "family_tree", "sentences"]
