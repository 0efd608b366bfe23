from __future__ import annotations

from datetime import UTC, datetime

import pytest

from polywire.extract.events import NAMED, NO_YEAR, PUBLISHED, RESOLVED, event_date
from polywire.model import EventDate

TUESDAY = datetime(2026, 11, 3, 18, 10, tzinfo=UTC)
"""Publication time of the examples that have one: Tuesday 3 November 2026."""


@pytest.mark.parametrize(
    ("lang", "lead", "day"),
    [
        ("en", "Leaders met in Minsk on October 3. The talks went on for hours.", "2026-10-03"),
        ("ru", "Лукашенко встретился с Асадовым 3 октября в Минске.", "2026-10-03"),
        ("az", "Bu barədə oktyabrın 3-də Lukaşenko bildirib.", "2026-10-03"),
        ("ar", "قال لوكاشينكو يوم 3 أكتوبر خلال لقائه", "2026-10-03"),
        ("de", "Ein Erdbeben hat am Dienstag, dem 3. November, Malatya erschüttert.", "2026-11-03"),
        ("tr", "Malatya'da 3 Kasım Salı günü 6,1 büyüklüğünde deprem meydana geldi.", "2026-11-03"),
        ("en", "The fire broke out yesterday, officials said.", "2026-11-02"),
        ("ru", "Пожар произошёл вчера вечером в центре города.", "2026-11-02"),
        ("en", "Parliament approved the budget on Monday.", "2026-11-02"),
        ("en", "A strong quake struck on Tuesday before dawn.", "2026-11-03"),
        ("de", "Die Minister trafen sich gestern in Berlin.", "2026-11-02"),
        ("tr", "Bakanlar pazartesi günü Ankara'da bir araya geldi.", "2026-11-02"),
        ("ar", "فاز قره باغ يوم الخميس 29 أكتوبر على ضيفه", "2026-10-29"),
    ],
)
def test_the_day_the_lead_names_resolved_against_the_publication(
    lang: str, lead: str, day: str
) -> None:
    assert event_date(lead, lang, TUESDAY) == EventDate(day, "named", RESOLVED)


def test_a_day_named_with_its_year() -> None:
    lead = "The rate was cut on 12 March 2025, the bank said."
    assert event_date(lead, "en", TUESDAY) == EventDate("2025-03-12", "named", NAMED)


def test_a_day_without_its_year_takes_the_nearest_year_to_the_publication() -> None:
    new_year = datetime(2027, 1, 2, 9, 0, tzinfo=UTC)
    assert event_date("Talks were held on December 30.", "en", new_year).day == "2026-12-30"


def test_an_undated_article_keeps_a_named_day_without_its_year() -> None:
    lead = "The state visit to Azerbaijan on May 16 of this year will be a strong impetus."
    assert event_date(lead, "en", None) == EventDate("--05-16", "named", NO_YEAR)
    assert event_date("Görüş oktyabrın 3-də keçirilib.", "az", None).day == "--10-03"


def test_a_relative_day_in_an_undated_article_says_nothing() -> None:
    assert event_date("The fire broke out yesterday, officials said.", "en", None) == EventDate()


def test_background_dates_later_in_the_text_are_not_the_event_date() -> None:
    lead = "Donors pledged $1.4 billion on 17 November, two weeks after the 3 November quake."
    conference = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)
    assert event_date(lead, "en", conference).day == "2026-11-17"
    lead = "Ministers met on Monday. In March 2019 they had signed a first accord on 5 March."
    assert event_date(lead, "en", TUESDAY).day == "2026-11-02"


def test_without_a_named_day_the_publication_day_stands_for_the_event() -> None:
    lead = "Qarabağ beat AZ Alkmaar 2-1, a 6,1 magnitude of joy in Baku, in 2026."
    assert event_date(lead, "en", TUESDAY) == EventDate("2026-11-03", "published", PUBLISHED)
    assert event_date(lead, "en", None) == EventDate()


def test_words_that_look_like_dates_are_not_days() -> None:
    lead = "The team may sign him to an eight-year deal, as in January 2011 after a trade."
    assert event_date(lead, "en", None) == EventDate()


def test_a_language_only_cldr_knows_still_has_its_month_names() -> None:
    # dateparser has no Turkmen; CLDR has its month names.
    assert event_date("Duşuşyk 3 oktýabrda geçirildi.", "tk", TUESDAY).day == "2026-10-03"


def test_a_day_planned_after_the_publication_is_not_the_event() -> None:
    lead = "The election, to be held on 15 December, was called on Monday by the commission."
    assert event_date(lead, "en", TUESDAY) == EventDate("2026-11-02", "named", RESOLVED)
    lead = "Parliamentary elections planned for December 15, 2026 will have two parties."
    assert event_date(lead, "en", TUESDAY) == EventDate("2026-11-03", "published", PUBLISHED)
    assert event_date("Выборы пройдут 15 декабря.", "ru", TUESDAY).source == "published"
    # The next day may still be the event's: the publication's zone may be a day ahead of UTC.
    assert event_date("Talks opened on November 4.", "en", TUESDAY).day == "2026-11-04"
    # Without a publication time nothing says the day is still to come.
    assert event_date(lead, "en", None).day == "2026-12-15"
