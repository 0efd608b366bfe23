"""Plain-text page dumps: a line-level cleaner that needs no word lists.

A dump of a whole page holds the article among navigation, section names,
lists of other headlines and footers. What marks the article is structure,
not vocabulary, so the same rules work in any language and script:

- the headline is the first line that reads like one, often printed twice;
- article paragraphs are sentences: they end like sentences or run long;
- a separator line (``-``, ``***``) after the article starts a list of other
  stories, which is never part of it;
- copyright lines are footers, and bare links are not prose.

The page's date line, if any, is among the removed lines and becomes the
publication date.
"""

from __future__ import annotations

import re

from polywire.extract.dates import date_line
from polywire.model import Article, RemovedLine

_SEPARATOR = re.compile(r"^[\s\-–—_=*•·.~]+$")
_SENTENCE_END = re.compile(r"""[.!?…。؟!?]["'”»)\]]*$""")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright", re.IGNORECASE)
# Also matches links as tokenised text dumps print them: "http : / / www . site . com / ...".
_LINK = re.compile(r"^(https?\s*:\s*/\s*/|www\s*\.)", re.IGNORECASE)
MIN_HEADLINE_WORDS = 3
MIN_SENTENCE_WORDS = 4
MIN_RUNON_WORDS = 20


def clean_text(text: str, source: str) -> Article:
    lines = [line.strip() for line in text.splitlines()]
    removed = [RemovedLine(line, "link") for line in lines if _LINK.match(line)]
    lines = [line for line in lines if line and not _LINK.match(line)]
    start = _headline_index(lines)
    removed += [RemovedLine(line, "before the headline") for line in lines[:start]]
    title = lines[start] if lines else ""
    body: list[str] = []
    for index, line in enumerate(lines[start + 1 :], start=start + 1):
        if line == title:
            removed.append(RemovedLine(line, "repeated headline"))
        elif _SEPARATOR.match(line):
            if body:
                removed += [RemovedLine(rest, "after a separator") for rest in lines[index:]]
                break
            removed.append(RemovedLine(line, "separator"))
        elif _COPYRIGHT.search(line):
            removed.append(RemovedLine(line, "copyright notice"))
        elif _is_prose(line):
            body.append(line)
        else:
            removed.append(RemovedLine(line, "short line: navigation, section or caption"))
    if not body and _is_prose(title):
        body = [title]  # a one-sentence brief is its own lead
    return Article(
        source=source,
        title=title,
        body="\n".join(body),
        published_at=date_line(r.text for r in removed),
        removed=removed,
    )


def _headline_index(lines: list[str]) -> int:
    """A line repeated right after itself is the headline; else the first one of a few words."""
    for index, line in enumerate(lines[:5]):
        if line in lines[index + 1 : index + 3]:
            return index
    for index, line in enumerate(lines[:5]):
        if len(line.split()) >= MIN_HEADLINE_WORDS:
            return index
    return 0


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words >= MIN_RUNON_WORDS or (
        words >= MIN_SENTENCE_WORDS and bool(_SENTENCE_END.search(line))
    )
