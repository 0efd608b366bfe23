"""HTML pages: trafilatura finds the article body and its metadata."""

from __future__ import annotations

from typing import Any

import trafilatura

from polywire.errors import BadInput
from polywire.model import Article
from polywire.timeutil import parse_iso


def extract_html(html: str, source: str) -> Article:
    result: Any = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=True
    )
    if result is None or not result.text:
        raise BadInput("no article text found in the HTML")
    body = "\n".join(line.strip() for line in result.text.splitlines() if line.strip())
    return Article(
        source=source,
        title=(result.title or body.split("\n", 1)[0][:200]).strip(),
        body=body,
        url=result.url,
        published_at=parse_iso(result.date) if result.date else None,
        site=result.sitename,
        author=result.author,
    )
