from __future__ import annotations

from datetime import UTC, datetime

import pytest

from polywire.extract.dates import date_line
from polywire.extract.text import clean_text
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- 3 октябрь 2024 16:48", datetime(2024, 10, 3, 16, 48, tzinfo=UTC)),
        ("21 oktyabr 2026 15:20", datetime(2026, 10, 21, 15, 20, tzinfo=UTC)),
        ("6 نوفمبر 2026 01:20", datetime(2026, 11, 6, 1, 20, tzinfo=UTC)),
        ("03.11.2026, 11:05 Uhr", datetime(2026, 11, 3, 11, 5, tzinfo=UTC)),
        ("3 Kasım 2026 09:42", datetime(2026, 11, 3, 9, 42, tzinfo=UTC)),
        ("Tuesday 3 November 2026 21:10", datetime(2026, 11, 3, 21, 10, tzinfo=UTC)),
    ],
)
def test_date_lines_in_several_languages(line: str, expected: datetime) -> None:
    assert date_line([line]) == expected


def test_lines_without_a_full_date_are_skipped() -> None:
    assert date_line(["Politics", "Bütün hüquqlar qorunur © 2024", "Fuad Huseynzade"]) is None
    long_line = "In 2024 the president said many things about the economy and the war in general"
    assert date_line([long_line, "17 Nov 2026, 19:35"]) == datetime(
        2026, 11, 17, 19, 35, tzinfo=UTC
    )


def test_text_dump_gets_its_publication_date_from_the_page() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    article = clean_text(seed.read_text(encoding="utf-8"), str(seed))
    assert article.published_at == datetime(2024, 10, 3, 16, 48, tzinfo=UTC)


def test_a_date_the_source_gave_wins_over_the_page() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    given = datetime(2024, 10, 4, 9, 0, tzinfo=UTC)
    article = clean_text(seed.read_text(encoding="utf-8"), str(seed), published_at=given)
    assert article.published_at == given
