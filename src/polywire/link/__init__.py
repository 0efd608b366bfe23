"""Versions inside a family: which text is a translation of which, sentence by sentence."""

from polywire.link.align import Bead, align
from polywire.link.relation import Relation, relate
from polywire.link.versions import (
    Alignment,
    VersionLink,
    align_articles,
    family_tree,
    judge_family,
    judged_tree,
    keep_sentence_vectors,
    kept_tree,
    original_of,
    sentences,
    unembedded_sentences,
)

__all__ = [
    "Alignment",
    "Bead",
    "Relation",
    "VersionLink",
    "align",
    "align_articles",
    "family_tree",
    "judge_family",
    "judged_tree",
    "keep_sentence_vectors",
    "kept_tree",
    "original_of",
    "relate",
    "sentences",
    "unembedded_sentences",
]
