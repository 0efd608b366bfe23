from polywire.entities import find_mentions
from polywire.entities.vocabulary import CommonWords

TEXT = "The appeal reached the Supreme Court in Minsk on Monday, and Alexander Lukashenko spoke."


def forms(common: CommonWords) -> set[str]:
    return {m.form for m in find_mentions("", TEXT, "en", common=common.of("en"))}


def test_words_other_articles_write_in_lower_case_are_not_names() -> None:
    common = CommonWords()
    assert {"Supreme Court", "Minsk", "Alexander Lukashenko"} <= forms(common)
    common.learn("en", "The court heard the case. A supreme effort was made.")
    common.learn("en", "The court adjourned; the supreme test is next week.")
    found = forms(common)
    assert {"Minsk", "Alexander Lukashenko"} <= found
    assert not {"Supreme", "Court", "Supreme Court"} & found


def test_one_article_and_another_language_do_not_make_a_word_common() -> None:
    common = CommonWords()
    common.learn("en", "The court heard the case.")
    common.learn("de", "court court")
    assert "court" not in common.of("en")
    assert "Court" in {m.form for m in find_mentions("", TEXT, "en", common=common.of("en"))}
