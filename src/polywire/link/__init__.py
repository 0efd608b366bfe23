"""Versions inside a family: which text is a translation of which, sentence by sentence."""

from polywire.link.align import Bead, align
from polywire.link.relation import Relation, relate
from polywire.link.versions import (
    Alignment,
    VersionLink,
    align_articles,
    embed_sentences,
    family_tree,
    judge_family,
    judged_tree,
    kept_tree,
    original_of,
    sentences,
)

__all__ = [
    "Alignment",
    "Bead",
    "Relation",
    "VersionLink",
    "align",
    "align_articles",
    "embed_sentences",
    "family_tree",
    "judge_family",
    "judged_tree",
    "kept_tree",
    "original_of",
    "relate",
    "sentences",
]
