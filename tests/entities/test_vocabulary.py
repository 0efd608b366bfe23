from polywire.entities import find_mentions
from polywire.entities.vocabulary import MIN_FREQUENT, CommonWords

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


def test_a_common_word_may_be_part_of_a_name() -> None:
    common = CommonWords()
    for text in ("The court heard the case.", "The court adjourned."):
        common.learn("en", text)
    assert "Supreme Court" in forms(common)  # supreme is no common word: it holds the name


def test_one_article_and_another_language_do_not_make_a_word_common() -> None:
    common = CommonWords()
    common.learn("en", "The court heard the case.")
    common.learn("de", "court court")
    assert "court" not in common.of("en")
    assert "Supreme Court" in {
        m.form for m in find_mentions("", TEXT, "en", common=common.of("en"))
    }


def test_a_word_without_case_is_common_once_many_articles_use_it() -> None:
    common = CommonWords()
    for day in range(MIN_FREQUENT - 1):
        common.learn("ar", f"كان الطقس حارا في اليوم {day}.")
    assert "كان" not in common.of("ar")
    common.learn("ar", "كان الاجتماع طويلا.")
    assert "كان" in common.of("ar") and "الاجتماع" not in common.of("ar")
    common.learn("fa", "كان")
    assert "كان" not in common.of("fa")  # another language's count


def test_a_common_word_without_case_is_no_name_whatever_its_skeleton() -> None:
    text = "كان مراسل سي إن إن في أذربيجان ولوكاشينكو."
    story = {"kn": 2, "lksnk": 1}  # CNN, named by two languages, and Lukashenko
    before = {m.form for m in find_mentions("", text, "ar", story)}
    assert {"كان", "أذربيجان", "ولوكاشينكو"} <= before
    common = CommonWords()
    for _ in range(MIN_FREQUENT):
        common.learn("ar", "كان في أذربيجان.")
    found = {m.form for m in find_mentions("", text, "ar", story, common.of("ar"))}
    assert found == before - {"كان"}  # a common place name stays a place
