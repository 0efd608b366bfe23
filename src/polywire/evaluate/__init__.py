"""Scoring a predicted grouping against gold labels."""

from polywire.evaluate.metrics import Scores, bcubed, pairwise, score
from polywire.evaluate.run import EvalReport, Level, evaluate

__all__ = ["EvalReport", "Level", "Scores", "bcubed", "evaluate", "pairwise", "score"]
