"""Plain-text page dumps: the article among a page's navigation, teasers and footers.

A dump of a whole page holds the article among section names, other stories'
headlines, share prompts and footers, with no markup left to tell them apart.
The cleaner reads each line as a person would, in any language and script:

- **prose** ends like a sentence or runs long, and is dense with the
  language's stopwords (jusText's measure and stoplists: the stoplist is the
  one whose words fill most of the page). Navigation, names, dates and
  headline lists have few;
- **debris** that needs no context: bare links, separators, copyright lines,
  the headline printed again, short lines with a year or a clock time (date
  lines, timestamps), and lines of one or two words or with no stopword
  (navigation, names, section labels);
- **doubtful** lines: everything else (subheadings, short lines, captions).
  A doubtful line sitting between two prose lines of the article is kept: it
  is a subheading or a one-line paragraph. At the article's edges it is dropped;
- **position**: the article is one dense run of prose. Each prose line scores
  its words, each other line costs something, and the run with the highest
  total is the article (a maximum subarray); prose far from it (teasers,
  comments, footers) is not part of it. Short prose lines count little, so a
  string of comments or teasers weighs less than the same words in paragraphs,
  and a long stretch of debris (tags, share buttons) ends the run;
- a separator (``-``, ``***``) after the article that opens a list of other
  stories (a second separator follows shortly) ends the article.

Lines are paragraphs and are kept or dropped whole. Lines a site prints on
many of its pages are dropped later, against the store (``boilerplate``).
The page's date line, if any, is among the removed lines and becomes the
publication time (``dates.read_date_line``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import justext

from polywire.config import DumpRules
from polywire.extract.dates import read_date_line
from polywire.model import Article, RemovedLine

_SEPARATOR = re.compile(r"^[\s\-–—_=*•·.~]+$")
_SENTENCE_END = re.compile(r"""[.!?…。؟!?]["'”»)\]]*$""")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright", re.IGNORECASE)
# Also matches links as tokenised text dumps print them: "http : / / www . site . com / ...".
# A year or a clock time: a short line holding one is a date line, a byline or a timestamp.
_STAMP = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b")
_LINK = re.compile(r"^(https?\s*:\s*/\s*/|www\s*\.)", re.IGNORECASE)

RULES = DumpRules()

PROSE, DOUBTFUL = "prose", "doubtful"
_HEADLINES = ("headline", "repeated headline")


def clean_text(
    text: str,
    source: str,
    title: str | None = None,
    rules: DumpRules = RULES,
    lang: str | None = None,
    url: str | None = None,
) -> Article:
    """The article in a plain text; its headline is ``title`` when the source gave one, its
    language ``lang`` and its address ``url`` when the source said (they help read its date
    line)."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    stopwords = page_stoplist(lines, rules.min_page_stopwords)
    if title is None:
        start = _headline_index(lines, rules)
        title = lines[start] if lines else ""
        labels = [_label(line, title, stopwords, rules) for line in lines]
        labels[:start] = ["before the headline"] * start
        if lines:
            labels[start] = "headline"
    else:
        start = -1  # every line may be article text
        labels = [_label(line, title, stopwords, rules) for line in lines]
    _cut_before_story_list(labels, start, rules)
    verdicts = _keep_main_block(lines, labels, rules)
    body = [line for line, verdict in zip(lines, verdicts, strict=True) if verdict is None]
    removed = [
        RemovedLine(line, verdict)
        for line, verdict in zip(lines, verdicts, strict=True)
        if verdict not in (None, "headline")
    ]
    if not body and _is_prose(title, stopwords, rules):
        body = [title]  # a one-sentence brief is its own lead
    dated = read_date_line((r.text for r in removed), lang, [url or "", *lines])
    return Article(
        source=source,
        title=title,
        body="\n".join(body),
        published_at=dated[0] if dated else None,
        published_from=dated[2] if dated else None,
        published_margin=dated[1] if dated else 0.0,
        removed=removed,
    )


@cache
def _stoplists() -> tuple[tuple[str, ...], dict[str, list[int]]]:
    """jusText's stoplists as one index: word → the languages that list it."""
    names = tuple(sorted(justext.get_stoplists()))
    index: dict[str, list[int]] = {}
    for number, name in enumerate(names):
        for word in justext.get_stoplist(name):
            index.setdefault(word, []).append(number)
    return names, index


def page_stoplist(lines: list[str], min_share: float) -> frozenset[str] | None:
    """The stoplist whose words make up most of the page (jusText's word split), or None
    when even the best covers less than ``min_share`` of it (a language jusText lacks)."""
    names, index = _stoplists()
    words = Counter(word for line in lines for word in line.lower().split())
    # Each distinct word once, in order of first use: the languages come first in the same
    # order as word by word, so ties go the same way.
    counts: Counter[int] = Counter()
    for word, times in words.items():
        for number in index.get(word, ()):
            counts[number] += times
    if not counts:
        return None
    best, found = counts.most_common(1)[0]
    if found < min_share * words.total():
        return None
    return _stoplist(names[best])


@cache
def _stoplist(name: str) -> frozenset[str]:
    """jusText reads the stoplist's file at every call."""
    words: frozenset[str] = justext.get_stoplist(name)
    return words


def stopword_share(line: str, stopwords: frozenset[str] | None) -> float:
    """jusText's stopword density; 1.0 when the page's language has no stoplist."""
    if stopwords is None:
        return 1.0
    words = line.lower().split()
    return sum(word in stopwords for word in words) / len(words) if words else 0.0


def _label(line: str, title: str, stopwords: frozenset[str] | None, rules: DumpRules) -> str:
    """What a line is on its own: prose, doubtful, or the reason it is debris."""
    if _LINK.match(line):
        return "link"
    if line == title or (len(line.split()) >= rules.min_headline_words and line in title):
        return "repeated headline"
    if _SEPARATOR.match(line):
        return "separator"
    if _COPYRIGHT.search(line):
        return "copyright notice"
    if _STAMP.search(line) and len(line.split()) <= rules.max_stamp_words:
        return "date or time line"
    if _is_prose(line, stopwords, rules):
        return PROSE
    if len(line.split()) >= rules.min_doubt_words and stopword_share(line, stopwords) > 0:
        return DOUBTFUL
    return "short line: navigation, section or caption"


def _is_prose(line: str, stopwords: frozenset[str] | None, rules: DumpRules) -> bool:
    words = len(line.split())
    shaped = words >= rules.min_runon_words or (
        words >= rules.min_sentence_words and bool(_SENTENCE_END.search(line))
    )
    return shaped and stopword_share(line, stopwords) >= rules.min_stopwords


def _cut_before_story_list(labels: list[str], start: int, rules: DumpRules) -> None:
    """A separator after article text that another soon follows opens a list of other
    stories: everything from it on is not the article."""
    seen_text = False
    for index in range(start + 1, len(labels)):
        if labels[index] == PROSE:
            seen_text = True
        elif labels[index] == "separator" and seen_text:
            following = labels[index + 1 : index + 1 + rules.list_window]
            if "separator" in following or index + 1 + len(following) >= len(labels):
                labels[index:] = ["after a separator"] * (len(labels) - index)
                return


def _keep_main_block(lines: list[str], labels: list[str], rules: DumpRules) -> list[str | None]:
    """The verdict on each line: None for article text, else why it was dropped.

    A prose line scores its words beyond ``prose_offset`` (at least one), a doubtful
    line costs ``doubt_cost`` and debris ``gap_cost``; ``boundary_lines`` debris lines
    in a row end a run. The article is the run with the highest total (a maximum
    subarray). It starts and ends on prose, so doubtful lines are kept inside the
    article and dropped at its edges.
    """
    best_total, best_span = 0.0, (0, 0)
    total, begin, streak = 0.0, 0, 0
    for index, (line, label) in enumerate(zip(lines, labels, strict=True)):
        if label in _HEADLINES:
            continue
        streak = 0 if label in (PROSE, DOUBTFUL) else streak + 1
        if label == PROSE:
            total += max(1.0, len(line.split()) - rules.prose_offset)
        else:
            total -= rules.doubt_cost if label == DOUBTFUL else rules.gap_cost
        if total <= 0 or streak >= rules.boundary_lines:
            total, begin = 0.0, index + 1
        elif total > best_total:
            best_total, best_span = total, (begin, index + 1)
    verdicts: list[str | None] = []
    for index, label in enumerate(labels):
        inside = best_span[0] <= index < best_span[1]
        if label in (PROSE, DOUBTFUL):
            verdicts.append(None if inside else "outside the main text")
        else:
            verdicts.append(label)
    return verdicts


def _headline_index(lines: list[str], rules: DumpRules) -> int:
    """A line repeated right after itself is the headline; else the first one of a few words."""
    for index, line in enumerate(lines[:5]):
        if line in lines[index + 1 : index + 3]:
            return index
    for index, line in enumerate(lines[:5]):
        if len(line.split()) >= rules.min_headline_words:
            return index
    return 0
