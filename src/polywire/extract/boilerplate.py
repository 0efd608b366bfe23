"""Lines a site prints on many of its pages are its template, not the article.

What repeats across pages of one source is boilerplate, in any language: a
share prompt, a disclaimer, a signature. It is learned from the store as the
corpus grows, per site (the page's site name, else its URL's host). Copies of
an article on other sites are never affected.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection
from dataclasses import replace
from typing import Protocol
from urllib.parse import urlsplit

from polywire.model import Article, RemovedLine

MIN_PAGES = 2
"""A line already seen on this many earlier pages of the site is template."""
REASON = "repeats across pages of this site"


class SiteLines(Protocol):
    """What extract reads of the store: on how many stored pages of ``site`` each line
    appeared (absent: none). Lines are counted as their article is stored, in its
    transaction (``NewArticle.site_lines``)."""

    def site_line_pages(self, site: str, line_hashes: Collection[str]) -> dict[str, int]: ...


def site_of(article: Article) -> str | None:
    if article.site:
        return article.site.lower()
    return urlsplit(article.url).hostname if article.url else None


def line_hash(line: str) -> str:
    return hashlib.sha1(" ".join(line.lower().split()).encode("utf-8")).hexdigest()[:16]


def remove_site_template(article: Article, store: SiteLines) -> Article:
    """Drop body lines the site has printed on ``MIN_PAGES`` earlier pages."""
    site = site_of(article)
    paragraphs = article.paragraphs
    if site is None or not paragraphs:
        return article
    hashes = {line_hash(p) for p in paragraphs}
    pages = store.site_line_pages(site, hashes)
    template = [p for p in paragraphs if pages.get(line_hash(p), 0) >= MIN_PAGES]
    if not template or len(template) == len(paragraphs):
        return article
    return replace(
        article,
        body="\n".join(p for p in paragraphs if p not in template),
        removed=[*article.removed, *(RemovedLine(p, REASON) for p in template)],
    )


def site_lines(article: Article) -> tuple[str, frozenset[str]] | None:
    """This page's site and its lines, kept and removed, to count for the site."""
    site = site_of(article)
    if site is None:
        return None
    lines = [*article.paragraphs, *(r.text for r in article.removed)]
    return site, frozenset(line_hash(line) for line in lines)


class UnstoredLines:
    """The store's counts with those of pages admitted but not stored yet, so that a batch's
    later pages know its earlier ones."""

    def __init__(self, store: SiteLines) -> None:
        self._store = store
        self._pending: Counter[tuple[str, str]] = Counter()

    def site_line_pages(self, site: str, line_hashes: Collection[str]) -> dict[str, int]:
        pages = Counter(self._store.site_line_pages(site, line_hashes))
        pages.update({line: self._pending[site, line] for line in line_hashes})
        return {line: count for line, count in pages.items() if count > 0}

    def admitted(self, lines: tuple[str, frozenset[str]] | None) -> None:
        if lines is not None:
            self._pending.update((lines[0], line) for line in lines[1])

    def placed(self, lines: tuple[str, frozenset[str]] | None) -> None:
        """The page is stored (its lines with it) or given up."""
        if lines is not None:
            self._pending.subtract((lines[0], line) for line in lines[1])
