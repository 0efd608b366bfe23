"""Lines a site prints on many of its pages are its template, not the article.

What repeats across pages of one source is boilerplate, in any language: a
share prompt, a disclaimer, a signature. It is learned from the store as the
corpus grows, per site (the page's site name, else its URL's host). Copies of
an article on other sites are never affected.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from urllib.parse import urlsplit

from polywire.model import Article, RemovedLine
from polywire.store import Store

MIN_PAGES = 2
"""A line already seen on this many earlier pages of the site is template."""
REASON = "repeats across pages of this site"


def site_of(article: Article) -> str | None:
    if article.site:
        return article.site.lower()
    return urlsplit(article.url).hostname if article.url else None


def line_hash(line: str) -> str:
    return hashlib.sha1(" ".join(line.lower().split()).encode("utf-8")).hexdigest()[:16]


def remove_site_template(article: Article, store: Store) -> Article:
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


def learn_site_lines(article: Article, store: Store) -> None:
    """Count this page's lines, kept and removed, for its site."""
    site = site_of(article)
    if site is not None:
        lines = [*article.paragraphs, *(r.text for r in article.removed)]
        store.add_site_lines(site, {line_hash(line) for line in lines})
