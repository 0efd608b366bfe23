"""The order a backfill's articles are clustered in, whatever engine prepared them."""

from __future__ import annotations

from polywire.model import Article


def publication_order(article: Article, index: int) -> tuple[bool, float, int]:
    """Dated articles by publication time first, then undated ones in input order."""
    published = article.published_at
    return (published is None, published.timestamp() if published else 0.0, index)
