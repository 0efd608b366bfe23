"""Choose the extractor for a document and fill in what the source already told us."""

from __future__ import annotations

from dataclasses import replace

from polywire.errors import BadInput
from polywire.extract.decode import decode
from polywire.extract.html import extract_html
from polywire.extract.text import clean_text
from polywire.model import Article, Document


def extract(document: Document) -> tuple[Article, str | None]:
    """The cleaned article and an optional note (e.g. how the bytes were decoded)."""
    is_html = document.content_type == "text/html"
    text, note = decode(document.content, html=is_html)
    article = (
        extract_html(text, document.source)
        if is_html
        else clean_text(text, document.source, document.title, document.published_at)
    )
    if len(article.body) < 20:
        raise BadInput("no article text found")
    return (
        replace(
            article,
            url=document.url or article.url,
            title=document.title or article.title,
            published_at=document.published_at or article.published_at,
            lang=document.lang or article.lang,
        ),
        note,
    )
