from __future__ import annotations

import pytest

from polywire.extract.text import clean_text
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
    reasons = {r.reason for r in article.removed}
    assert reasons == {"repeated headline", "after a separator"}


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
