"""Line-level gold for the five seeds, written by reading them: which lines are the article.

The gold is line numbers (1-based) in the seed files, so nothing of them is copied here.
Every other non-empty line is debris: repeated headlines, sections, other stories, footers.
"""

from __future__ import annotations

import pytest

from polywire.extract.text import clean_text
from tests.conftest import SEEDS

GOLD = {
    "000": (1, [3, 4, 5, 6, 7, 8, 9]),
    "001": (1, [5, 7, 9, 11, 13, 15, 17]),
    "002": (3, [5, 7, 9, 13, 15, 17, 19]),
    "003": (1, [3, 4, 5, 6, 7, 8, 9]),
    "004": (1, [3, 5, 7, 9, 11, 13, 15]),
}


@pytest.mark.parametrize("seed", sorted(GOLD))
def test_every_paragraph_kept_and_every_debris_line_dropped(seed: str) -> None:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    title_line, body_lines = GOLD[seed]
    article = clean_text("\n".join(lines), str(path))
    kept = article.body.split("\n")

    assert article.title == lines[title_line - 1].strip()
    assert kept == [lines[n - 1].strip() for n in body_lines]
    debris = {
        line.strip()
        for n, line in enumerate(lines, start=1)
        if line.strip() and n not in body_lines and line.strip() != article.title
    }
    assert debris == {r.text for r in article.removed} - {article.title}
