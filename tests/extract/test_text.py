from __future__ import annotations

import pytest

from polywire.extract.text import RULES, clean_text, page_stoplist, stopword_share
from tests.conftest import SEEDS


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_russian_seed_loses_repeated_headline_and_other_stories() -> None:
    article = clean_text(seed("000"), "000")
    assert article.title.startswith("Беларусь и Азербайджан укрепляют")
    assert article.body.startswith("Беларусь и Азербайджан укрепляют свои отношения")
    assert article.body.endswith("значит, так и будет».")
    assert "Руфата Сафарова" not in article.body  # a headline of another story
    assert "Написать отзыв" not in article.body
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["- 3 октябрь 2024 16:48"] == "date or time line"
    assert reasons["Написать отзыв"] == "after a separator"  # the list of other stories
    assert article.published_at is not None  # read from the date line


@pytest.mark.parametrize(
    ("prefix", "debris"),
    [
        ("001", ["Rəy yaz", "Bizi sosial şəbəkələrdə izləyin", "Xəbər lenti"]),
        ("002", ["تجميع المواقع", "Gündəm", "Leave a Reply", "زر الذهاب إلى الأعلى"]),
        ("003", ["Politics", "Greta Thunberg", "Leave a review"]),
        ("004", ["Bütün hüquqlar qorunur", "Saytda əks olunan fikir", "Fuad Huseynzade"]),
    ],
)
def test_page_debris_is_removed_in_any_script(prefix: str, debris: list[str]) -> None:
    article = clean_text(seed(prefix), prefix)
    for line in debris:
        assert line not in article.body
        assert line not in article.title
    assert len(article.body.split("\n")) >= 5


def test_arabic_body_keeps_the_paragraph_after_mid_article_debris() -> None:
    body = clean_text(seed("002"), "002").body
    assert "ونقل رئيس الوزراء أسدوف" in body  # the paragraph right after "تجميع المواقع"


def test_unseen_script_uses_the_same_structure() -> None:
    page = "\n".join(
        [
            "Αρχική",
            "Νέα συμφωνία για το λιμάνι της Θεσσαλονίκης",
            "Νέα συμφωνία για το λιμάνι της Θεσσαλονίκης",
            "Η κυβέρνηση υπέγραψε σήμερα νέα συμφωνία για την επέκταση του λιμανιού.",
            "Το έργο θα ολοκληρωθεί μέσα σε τρία χρόνια, σύμφωνα με τον υπουργό.",
            "Κοινοποίηση",
            "-",
            "Άλλη είδηση για τον καιρό στην Αθήνα αύριο το πρωί.",
            "© 2026 Εφημερίδα",
        ]
    )
    article = clean_text(page, "greek")
    assert article.title == "Νέα συμφωνία για το λιμάνι της Θεσσαλονίκης"
    assert article.body.split("\n") == [
        "Η κυβέρνηση υπέγραψε σήμερα νέα συμφωνία για την επέκταση του λιμανιού.",
        "Το έργο θα ολοκληρωθεί μέσα σε τρία χρόνια, σύμφωνα με τον υπουργό.",
    ]


def test_a_given_title_leaves_every_line_to_the_body() -> None:
    text = "Officials said on Monday that the talks would go on next week.\nA second line."
    article = clean_text(text, "api", title="Talks go on")
    assert article.title == "Talks go on"
    assert article.body.startswith("Officials said on Monday")


def test_the_stoplist_is_the_pages_language() -> None:
    lines = ["Die Regierung hat am Montag mitgeteilt, dass die Gespräche weitergehen."]
    german = page_stoplist(lines, RULES.min_page_stopwords)
    assert german is not None and "dass" in german
    assert stopword_share("Startseite Politik Wirtschaft Sport", german) == 0.0
    assert page_stoplist(["ᎣᏏᏲ ᏙᎯᏧ ᎣᏍᏓ"], RULES.min_page_stopwords) is None  # no stoplist


def test_a_doubtful_line_is_kept_inside_the_article_and_dropped_at_its_edges() -> None:
    prose = "The council said on Monday that the new bridge would open to traffic in the spring."
    page = "\n".join(
        [
            "Bridge to open in spring",
            "Read the latest on the city",  # doubtful, before the article
            prose,
            "What the bridge will cost the city",  # a subheading: doubtful, inside
            prose.replace("Monday", "Tuesday"),
            "More on the city and the region",  # doubtful, after the article
        ]
    )
    article = clean_text(page, "bridge")
    assert article.body.split("\n")[1] == "What the bridge will cost the city"
    assert len(article.body.split("\n")) == 3
    removed = {r.text: r.reason for r in article.removed}
    assert removed["Read the latest on the city"] == "outside the main text"
    assert removed["More on the city and the region"] == "outside the main text"


def test_a_line_without_stopwords_is_not_prose() -> None:
    prose = "The council said on Monday that the new bridge would open to traffic in the spring."
    listing = "Archives Select Month October 2019 September 2019 January 2019 December 2018 2017"
    article = clean_text("\n".join(["Bridge to open", prose, prose + " Again.", listing]), "x")
    assert listing not in article.body


def test_a_long_stretch_of_page_furniture_ends_the_article() -> None:
    paragraph = (
        "The council said on Monday that the new bridge over the river would open to traffic "
        "in the spring, after two years of work that had closed the old crossing and sent "
        "drivers on a long detour through the villages to the north of the city."
    )
    comment = "I have lived here for thirty years and I think this is a good idea for all of us."
    furniture = ["Tags:", "Bridges", "City", "Share", "Comments", "Reply"]
    paragraphs = [f"{paragraph[:-1]}, part {n}." for n in range(3)]
    comments = [f"{comment[:-1]}, says reader {n}." for n in range(6)]
    page = "\n".join(["Bridge to open in spring", *paragraphs, *furniture, *comments])
    article = clean_text(page, "comments")
    assert article.body.split("\n") == paragraphs
    assert article.removed[-1].reason == "outside the main text"
