"""Choose the extractor for a document and fill in what the source already told us."""

from __future__ import annotations

import re
from dataclasses import replace

from polywire.errors import BadInput
from polywire.extract.dates import url_date
from polywire.extract.decode import decode
from polywire.extract.html import extract_html
from polywire.extract.text import clean_text
from polywire.model import Article, Document

# What some database refuses in text: NUL (PostgreSQL) and lone surrogates (any UTF-8 store).
_NUL = "\x00"
_SURROGATE = re.compile("[\ud800-\udfff]")
# A tag, a comment or a doctype: what a broken <title> or a source's title may carry.
_MARKUP = re.compile(r"<(?:[A-Za-z/!?][^<>]*)>|<!--.*?-->", re.DOTALL)
_SPACES = re.compile(r"\s+")
MAX_TITLE = 500


def extract(document: Document) -> tuple[Article, str | None]:
    """The cleaned article and an optional note (e.g. how the bytes were decoded)."""
    is_html = document.content_type == "text/html"
    text, note = decode(document.content, html=is_html)
    article = (
        extract_html(text, document.source)
        if is_html
        else clean_text(text, document.source, document.title, lang=document.lang, url=document.url)
    )
    if len(article.body) < 20:
        raise BadInput("no article text found")
    url = document.url or article.url
    article = replace(
        article,
        url=url,
        title=plain_title(document.title or article.title),
        lang=document.lang or article.lang,
        seen_at=document.fetched_at,
    )
    article = _dated(article, document, url)
    article, removed = storable(article)
    if removed:
        why = f"removed {removed} characters no database stores (NUL, lone surrogates)"
        note = f"{note}; {why}" if note else why
    if len(article.body) < 20:
        raise BadInput("no article text found")
    return article, note


def plain_title(title: str) -> str:
    """A title without markup, on one line, at most ``MAX_TITLE`` characters.

    Markup in a title means it ran on past its end (an unclosed ``<title>``):
    what comes before the first tag is the title, when there is any.
    """
    before, *after = _MARKUP.split(title, 1)
    kept = before if before.strip() or not after else _MARKUP.sub(" ", after[0])
    return _SPACES.sub(" ", kept).strip()[:MAX_TITLE]


def storable(article: Article) -> tuple[Article, int]:
    """The article with what a database refuses taken out, and how many characters that was."""
    removed = 0

    def clean(text: str) -> str:
        nonlocal removed
        kept = _SURROGATE.sub("", text.replace(_NUL, ""))
        removed += len(text) - len(kept)
        return kept

    def optional(text: str | None) -> str | None:
        return clean(text) if text is not None else None

    cleaned = replace(
        article,
        source=clean(article.source),
        title=clean(article.title),
        body=clean(article.body),
        url=optional(article.url),
        lang=clean(article.lang),
        site=optional(article.site),
        author=optional(article.author),
    )
    return cleaned, removed


def _dated(article: Article, document: Document, url: str | None) -> Article:
    """The publication time: the one the source gave with the document (a feed item, a
    record), else the page's (metadata or date line), else the day its URL names."""
    if document.published_at is not None:
        return replace(
            article,
            published_at=document.published_at,
            published_from=document.published_from or "source",
            published_margin=0.0,
        )
    if article.published_at is None and url and (day := url_date(url)):
        return replace(article, published_at=day[0], published_from="url", published_margin=day[1])
    return article
