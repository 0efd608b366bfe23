"""Finding stories from a query in any language, each with a relevance score."""

from polywire.search.retrieve import MAX_QUERY_CHARS, Searcher
from polywire.search.score import ScoredStory, score_stories

__all__ = ["MAX_QUERY_CHARS", "ScoredStory", "Searcher", "score_stories"]
