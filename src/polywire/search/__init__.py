"""Finding stories from a query in any language, each with a relevance score."""

from polywire.search.retrieve import Searcher
from polywire.search.score import ScoredStory, score_stories

__all__ = ["ScoredStory", "Searcher", "score_stories"]
