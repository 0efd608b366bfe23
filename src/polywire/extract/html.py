"""HTML pages: trafilatura finds the article body and its metadata.

When it finds nothing, the page is read as a browser would copy it, one line
per block element, and goes through the line-level cleaner instead. libxml2
stops building the tree some hundreds of elements deep, and drops what lies
deeper: when that leaves no text, the block elements are read as line breaks
instead of containers, which leaves nothing nested to drop.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from polywire.errors import BadInput
from polywire.extract.dates import page_date
from polywire.extract.text import clean_text
from polywire.model import Article

_LANG = re.compile(r"""<html[^>]*?\blang\s*=\s*["']?([a-z]{2,3})\b""", re.IGNORECASE)
_BLOCKS = frozenset(
    (
        *("p", "div", "li", "ul", "ol", "br", "tr", "td", "th", "dd", "dt", "pre", "title"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "table", "form", "blockquote", "figure"),
        *("article", "section", "header", "footer", "nav", "aside", "figcaption"),
    )
)


def extract_html(html: str, source: str) -> Article:
    """Body, title, date, site, author and canonical URL; the markup's language as a hint."""
    hint = _LANG.search(html[:4096])
    lang = hint.group(1).lower() if hint else "und"
    result: Any = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=True
    )
    # trafilatura keeps only the day of a page's time: htmldate keeps its time and offset.
    published = page_date(html)
    if result is None or not result.text:
        article = replace(_fallback(html, source), lang=lang)
        if published is None:
            return article
        return replace(
            article, published_at=published[0], published_from="page", published_margin=published[1]
        )
    body = "\n".join(line.strip() for line in result.text.splitlines() if line.strip())
    return Article(
        source=source,
        title=(result.title or body.split("\n", 1)[0][:200]).strip(),
        body=body,
        url=result.url,
        published_at=published[0] if published else None,
        published_from="page" if published else None,
        published_margin=published[1] if published else 0.0,
        site=result.sitename,
        author=result.author,
        lang=lang,
    )


def page_text(html: str) -> str:
    """The page as select-all-and-copy gives it: one line per block element, no scripts."""
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for node in tree.xpath("//script|//style|//noscript|//template"):
        node.drop_tree()
    for node in tree.iter():
        if isinstance(node.tag, str) and node.tag.lower() in _BLOCKS:
            node.tail = "\n" + (node.tail or "")
    return "\n".join(line.strip() for line in tree.text_content().splitlines() if line.strip())


# Block elements as tags to turn into line breaks; <title> and <pre> keep their meaning.
_CONTAINERS = "|".join(sorted(_BLOCKS - {"title", "pre", "br"}))
_NESTING = re.compile(rf"</?(?:{_CONTAINERS})\b[^>]*>", re.IGNORECASE)


def _fallback(html: str, source: str) -> Article:
    article = clean_text(page_text(html), source)
    if not article.body:
        article = clean_text(page_text(_NESTING.sub("<br>", html)), source)
    if not article.body:
        raise BadInput("no article text found in the HTML")
    return article
