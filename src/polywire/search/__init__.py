"""Finding stories from a query in any language."""

from polywire.search.retrieve import Hit, Searcher

__all__ = ["Hit", "Searcher"]
