from __future__ import annotations

from datetime import UTC, datetime

import pytest

from polywire.extract import dates, extract
from polywire.extract.dates import (
    DATE_LINE,
    DAY_MARGIN,
    ORDER_ASSUMED,
    page_date,
    read_date_line,
    url_date,
)
from polywire.extract.text import clean_text
from polywire.extract.zones import in_utc
from polywire.model import Article, Document
from tests.conftest import SEEDS


def date_line(lines: list[str]) -> tuple[datetime, float] | None:
    """The date and margin of the first date line, in whichever language reads it."""
    found = read_date_line(lines)
    return (found[0], found[1]) if found else None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- 3 октябрь 2024 16:48", datetime(2024, 10, 3, 16, 48)),
        ("21 oktyabr 2026 15:20", datetime(2026, 10, 21, 15, 20)),
        ("6 نوفمبر 2026 01:20", datetime(2026, 11, 6, 1, 20)),
        ("03.11.2026, 11:05 Uhr", datetime(2026, 11, 3, 11, 5)),
        ("3 Kasım 2026 09:42", datetime(2026, 11, 3, 9, 42)),
        ("Tuesday 3 November 2026 21:10", datetime(2026, 11, 3, 21, 10)),
    ],
)
def test_date_lines_in_several_languages_keep_their_wall_clock_time(
    line: str, expected: datetime
) -> None:
    assert date_line([line]) == (expected, 0.0)


def test_a_date_line_with_an_offset_is_exact_in_utc() -> None:
    assert date_line(["2026-11-03 10:25 +03:00"]) == (datetime(2026, 11, 3, 7, 25, tzinfo=UTC), 0)


def test_a_bare_date_is_its_noon_give_or_take_half_a_day() -> None:
    assert date_line(["3 Kasım 2026"]) == (datetime(2026, 11, 3, 12), DAY_MARGIN)


def test_lines_without_a_full_date_are_skipped() -> None:
    assert date_line(["Politics", "Bütün hüquqlar qorunur © 2024", "Fuad Huseynzade"]) is None
    long_line = "In 2024 the president said many things about the economy and the war in general"
    assert date_line([long_line, "17 Nov 2026, 19:35"]) == (datetime(2026, 11, 17, 19, 35), 0.0)


def test_a_page_of_a_known_language_reads_its_date_line_in_it_and_in_english() -> None:
    russian, english = "3 октябрь 2024 16:48", "Tuesday 3 November 2026 21:10"
    assert read_date_line([russian], "rus") == (datetime(2024, 10, 3, 16, 48), 0.0, DATE_LINE)
    assert read_date_line([english], "ru") == (datetime(2026, 11, 3, 21, 10), 0.0, DATE_LINE)
    # Not in all 200 locales: a line none reads would load them all, seconds per process.
    assert read_date_line([russian], "eng") is None
    assert read_date_line([russian], None) is not None  # an unknown language: all of them


def test_text_dump_gets_its_publication_time_from_the_page() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    article = clean_text(seed.read_text(encoding="utf-8"), str(seed))
    assert article.published_at == datetime(2024, 10, 3, 16, 48)
    assert article.published_from == "date line"


def test_undated_text_has_no_publication_time() -> None:
    seed = next(SEEDS.glob("001_*.txt"))
    article, _ = extract(Document(str(seed), seed.read_bytes(), "text/plain"))
    assert article.published_at is None and article.published_from is None


def test_a_date_the_source_gave_wins_over_the_page() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    given = datetime(2024, 10, 4, 9, 0, tzinfo=UTC)
    document = Document(str(seed), seed.read_bytes(), "text/plain", published_at=given)
    article, _ = extract(document)
    assert (article.published_at, article.published_from) == (given, "source")


def _local(lang: str, body: str, moment: datetime) -> Article:
    return in_utc(Article("x", "t", body, lang=lang, published_at=moment, published_from="x"))


def test_a_local_time_is_read_in_the_zone_of_its_language() -> None:
    article = _local("tr", "Malatya'da deprem oldu.", datetime(2026, 11, 3, 9, 42))
    assert article.published_at == datetime(2026, 11, 3, 6, 42, tzinfo=UTC)
    assert article.published_margin == 0
    assert article.published_from == "x, Europe/Istanbul time"


def test_a_local_time_is_read_in_the_zone_of_the_place_its_lead_names_first() -> None:
    article = _local("ru", "Баку, 21 октября. Подписано соглашение.", datetime(2026, 10, 21, 18, 5))
    assert article.published_at == datetime(2026, 10, 21, 14, 5, tzinfo=UTC)
    assert article.published_from == "x, Asia/Baku time"


def test_a_local_time_of_a_language_of_many_zones_says_how_far_off_it_may_be() -> None:
    article = _local("ru", "Подписано соглашение.", datetime(2026, 10, 21, 18, 5))
    assert article.published_margin > 3 * 3600
    assert article.published_from == "x, time zone unknown"


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2026-11-03T10:25:00+03:00">',
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "datePublished": "2026-11-03T10:25:00+03:00"}</script>',
    ],
)
def test_page_metadata_keeps_its_time_and_offset(head: str) -> None:
    html = f"<html><head>{head}</head><body><p>Text.</p></body></html>"
    assert page_date(html) == (datetime(2026, 11, 3, 7, 25, tzinfo=UTC), 0.0)


def test_a_time_element_keeps_its_time_and_offset() -> None:
    html = (
        '<html><body><article><time datetime="2026-11-03T10:25:00+03:00">3 November</time>'
        "<p>Text.</p></article></body></html>"
    )
    assert page_date(html) == (datetime(2026, 11, 3, 7, 25, tzinfo=UTC), 0.0)


def test_a_url_path_gives_its_day() -> None:
    assert url_date("https://news.example/world/2024/10/03/talks-in-minsk") == (
        datetime(2024, 10, 3, 12),
        DAY_MARGIN,
    )
    assert url_date("https://news.example/world/talks-in-minsk") is None


def test_a_numeric_date_line_is_read_in_the_order_the_page_s_url_gives() -> None:
    # A blog in English on a Dutch host: its URL says September, so day first.
    url = "http : / / news4allz . blogspot . nl / 2010 / 09 / kraft - shooting . html"
    found = read_date_line(["11 / 09 / 2010"], "en", [url])
    assert found == (datetime(2010, 9, 11, 12), DAY_MARGIN, DATE_LINE)
    page = (
        f"{url}\n11 / 09 / 2010\nKraft Shooting: Worker Charged\n" + "The worker was charged. " * 9
    )
    assert clean_text(page, "dump", lang="en").published_at == datetime(2010, 9, 11, 12)


def test_a_numeric_date_line_is_not_read_as_a_day_still_to_come(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dates, "now", lambda: datetime(2010, 10, 1, tzinfo=UTC))
    # 9 November is still to come, so 11 September, though Dutch puts the day first.
    assert read_date_line(["09-11-2010"], "nl") == (
        datetime(2010, 9, 11, 12),
        DAY_MARGIN,
        DATE_LINE,
    )


@pytest.mark.parametrize(
    ("lang", "day"),
    [
        ("en", datetime(2010, 11, 9, 12)),
        ("eng", datetime(2010, 11, 9, 12)),  # a source's three-letter tag
        ("en-GB", datetime(2010, 9, 11, 12)),
        ("RUS", datetime(2010, 9, 11, 12)),
        ("nl", datetime(2010, 9, 11, 12)),
        ("ru", datetime(2010, 9, 11, 12)),
    ],
)
def test_else_a_numeric_date_line_is_read_in_the_language_s_order_and_says_so(
    lang: str, day: datetime
) -> None:
    assert read_date_line(["11.09.2010"], lang) == (day, DAY_MARGIN, ORDER_ASSUMED)


def test_a_day_above_twelve_tells_the_order() -> None:
    assert read_date_line(["25/09/2010"], "en") == (
        datetime(2010, 9, 25, 12),
        DAY_MARGIN,
        DATE_LINE,
    )
