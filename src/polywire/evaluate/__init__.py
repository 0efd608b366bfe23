"""Scoring a predicted grouping against gold labels."""

from polywire.evaluate.metrics import Scores, bcubed, pairwise, score

__all__ = ["Scores", "bcubed", "pairwise", "score"]
