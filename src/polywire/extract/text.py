"""Plain-text page dumps: a line-level cleaner that needs no word lists.

A dump of a whole page holds the article among navigation, section names,
lists of other headlines and footers. What marks the article is structure,
not vocabulary, so the same rules work in any language and script:

- the headline is the first line that reads like one, often printed twice;
- article paragraphs are sentences: they end like sentences or run long;
- a separator line (``-``, ``***``) after the article starts a list of other
  stories, which is never part of it;
- copyright lines are footers, and bare links are not prose;
- the article is one dense run of prose: prose far from it (teasers, captions,
  footers) is not part of it.

The page's date line, if any, is among the removed lines and becomes the
publication time (``dates.date_line``).
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
GAP_COST = 10.0
"""What a non-prose line inside the article costs, in words: a short sentence's worth."""


def clean_text(text: str, source: str, title: str | None = None) -> Article:
    """The article in a plain text; its headline is ``title`` when the source gave one."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if title is None:
        start = _headline_index(lines)
        title = lines[start] if lines else ""
        verdicts: list[str | None] = [_verdict(line, title) for line in lines]
        verdicts[:start] = ["before the headline"] * start
        if lines:
            verdicts[start] = "headline"
    else:
        start = -1  # every line may be article text
        verdicts = [_verdict(line, title) for line in lines]
    _cut_after_separator(verdicts, start)
    _keep_main_block(lines, verdicts)
    body = [line for line, verdict in zip(lines, verdicts, strict=True) if verdict is None]
    removed = [
        RemovedLine(line, verdict)
        for line, verdict in zip(lines, verdicts, strict=True)
        if verdict not in (None, "headline")
    ]
    if not body and _is_prose(title):
        body = [title]  # a one-sentence brief is its own lead
    dated = date_line(r.text for r in removed)
    return Article(
        source=source,
        title=title,
        body="\n".join(body),
        published_at=dated[0] if dated else None,
        published_from="date line" if dated else None,
        published_margin=dated[1] if dated else 0.0,
        removed=removed,
    )


def _verdict(line: str, title: str) -> str | None:
    """Why a line is not article text, judged on its own; None when it reads as prose."""
    if _LINK.match(line):
        return "link"
    if line == title:
        return "repeated headline"
    if _SEPARATOR.match(line):
        return "separator"
    if _COPYRIGHT.search(line):
        return "copyright notice"
    if _is_prose(line):
        return None
    return "short line: navigation, section or caption"


def _cut_after_separator(verdicts: list[str | None], start: int) -> None:
    """Everything after the first separator that follows article text is other stories."""
    seen_text = False
    for index in range(start + 1, len(verdicts)):
        if verdicts[index] is None:
            seen_text = True
        elif verdicts[index] == "separator" and seen_text:
            verdicts[index:] = ["after a separator"] * (len(verdicts) - index)
            return


def _keep_main_block(lines: list[str], verdicts: list[str | None]) -> None:
    """Keep the densest run of prose; prose far from it is teasers, captions or footers.

    Each prose line scores its word count and every other line a fixed cost;
    the main text is the run of lines with the highest total (a maximum subarray).
    """
    best_total, best_span = 0.0, (0, 0)
    total, begin = 0.0, 0
    for index, (line, verdict) in enumerate(zip(lines, verdicts, strict=True)):
        if verdict in ("headline", "repeated headline"):
            continue
        total += len(line.split()) if verdict is None else -GAP_COST
        if total <= 0:
            total, begin = 0.0, index + 1
        elif total > best_total:
            best_total, best_span = total, (begin, index + 1)
    for index, verdict in enumerate(verdicts):
        if verdict is None and not best_span[0] <= index < best_span[1]:
            verdicts[index] = "outside the main text"


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
