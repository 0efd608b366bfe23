from __future__ import annotations

import pytest

from polywire.entities import find_mentions, same_names
from polywire.entities.keys import name_keys
from polywire.model import KnownName, Mention


def forms(mentions: list[Mention]) -> set[str]:
    return {m.form for m in mentions}


def test_capitalised_names_and_name_pairs_are_found() -> None:
    found = find_mentions(
        "Talks in Minsk",
        "The president met Ilham Aliyev in Minsk on Monday. Later he flew to Baku.",
        "en",
    )
    assert {"Ilham Aliyev", "Minsk", "Baku"} <= forms(found)
    assert "The" not in forms(found) and "Later" not in forms(found)
    assert "Aliyev" not in forms(found)  # a word of a name is no name unless given alone
    minsk = next(m for m in found if m.form == "Minsk")
    assert minsk.count == 2  # once in the body; the title-case headline adds its own


def test_days_and_months_are_not_names_even_with_a_suffix() -> None:
    found = find_mentions(
        "", "On Friday's vote in Paris, Merkel spoke. In May she left. Sunday’s talks failed.", "en"
    )
    assert forms(found) == {"Paris", "Merkel"}
    turkish = find_mentions("", "Erdoğan Cuma'nın toplantısında Ankara'da konuştu.", "tr")
    assert "Cuma'nın" not in forms(turkish) and "Ankara'da" in forms(turkish)


def test_language_names_are_not_names_unless_they_name_a_territory() -> None:
    english = find_mentions("", "Swahili and German speakers met in Palu.", "en")
    assert forms(english) == {"German", "Palu"}  # German is Germany's: territory:DE
    channel = find_mentions("", "Ferries crossed the English Channel to Calais.", "en")
    assert forms(channel) == {"English Channel", "Calais"}  # it may begin a name
    widodo = {name_keys(["Widodo"], "de", vowels=True)[0]: 2}  # a name the story knows
    german = find_mentions("", "Die Sprecherin sagte auf Englisch, Widodo komme.", "de", widodo)
    assert "Widodo" in forms(german) and "Englisch" not in forms(german)
    text = "Prezident İndoneziya və İngilis nümayəndəsi ilə görüşdü."
    azerbaijani = find_mentions("", text, "az")
    assert "İndoneziya" in forms(azerbaijani) and "İngilis" not in forms(azerbaijani)


def test_a_sentence_start_counts_when_the_text_capitalises_it_elsewhere() -> None:
    found = find_mentions("", "Lukashenko arrived. Officials said Lukashenko would stay.", "en")
    lukashenko = next(m for m in found if m.form == "Lukashenko")
    assert lukashenko.count == 2 and "Officials" not in forms(found)


def test_title_case_headlines_add_only_names_the_body_has() -> None:
    found = find_mentions(
        "Belarus And Azerbaijan Strengthen Ties", "Belarus signed a deal with Baku.", "en"
    )
    assert "Strengthen" not in forms(found) and "Ties" not in forms(found)
    assert "Belarus" in forms(found)


def test_inflected_forms_are_one_mention() -> None:
    found = find_mentions(
        "", "Премьер встретился с Асадовым в Минске. Позже Асадов уехал из Минска.", "ru"
    )
    asadov = [m for m in found if "AsAdUf" in m.lookup]
    assert len(asadov) == 1 and asadov[0].count == 2


def test_arabic_names_are_found_by_the_keys_of_other_versions() -> None:
    text = "В Баку президент Ильхам Алиев встретил Александра Лукашенко."
    russian = find_mentions("", text, "ru")
    known = {key: 2 for m in russian for key in m.register}
    arabic = find_mentions("", "التقى إلهام علييف في باكو ألكسندر لوكاشينكو.", "ar", known)
    assert {"إلهام علييف", "باكو", "ألكسندر لوكاشينكو"} <= forms(arabic)
    assert "التقى" not in forms(arabic) and "في" not in forms(arabic)


def test_arabic_matches_two_letter_keys_only_with_two_languages_behind_them() -> None:
    once = find_mentions("", "وصل إلى باكو مساء.", "ar", {"bk": 1})
    twice = find_mentions("", "وصل إلى باكو مساء.", "ar", {"bk": 2})
    assert once == [] and [m.form for m in twice] == ["باكو"]


def test_a_numbered_acronym_links_to_the_storys_one_of_that_number() -> None:
    (cop,) = find_mentions("", "The COP29 summit opens.", "en", {"ks29": 1, "lUkAsAnk": 1})
    assert cop.lookup == ("kUb29", "ks29") and cop.register == ("kUb29", "kb29")


def test_a_cased_name_links_by_the_skeleton_of_the_storys_name() -> None:
    (english,) = find_mentions("", "The talks with Trump ended.", "en")
    known = dict.fromkeys(english.register, 1)
    (russian,) = find_mentions("", "Переговоры с Трампом закончились.", "ru", known)
    assert set(english.lookup).isdisjoint(russian.lookup[:-1])  # the vowels differ
    assert russian.lookup[-1] in english.register
    (alone,) = find_mentions("", "Переговоры с Трампом закончились.", "ru")
    assert alone.lookup == russian.lookup[:-1]


def test_a_name_is_placed_where_any_of_its_forms_first_occurs() -> None:
    title, body = "Визит", "Позже Асадов уехал из Минска. Премьер встретился с Асадовым."
    found = {m.form: m.position for m in find_mentions(title, body, "ru")}
    text = f"{title}\n{body}"
    assert found["Асадов"] == text.index("Асадов") / len(text)
    assert found["Минска"] == text.index("Минска") / len(text)


def test_a_name_is_placed_where_it_stands_after_gaps_of_any_kind() -> None:
    # Quotes, dashes, a tab, a lone combining mark, digits against letters: a name's place
    # is where its text is.
    body = "«Cuma» — 29,5%\tCOP29da.\n \u0301 Sonra “Kemal Aydınlı” ile Ilham Aliyev görüştü…"
    found = {m.form: m.position for m in find_mentions("Görüşme", body, "tr")}
    text = f"Görüşme\n{body}"
    assert found == {name: text.index(name) / len(text) for name in found}
    assert set(found) == {"COP29da", "Aydınlı", "Ilham Aliyev"}


def test_a_headline_name_is_placed_at_the_start() -> None:
    found = find_mentions("Baku Talks", "Officials met in Minsk, then in Baku.", "en")
    assert next(m.position for m in found if m.form == "Baku") == 0.0


def test_a_name_without_case_is_placed_too() -> None:
    text = "قال الرئيس في باكو"
    (baku,) = find_mentions("", text, "ar", story_keys={"bk": 2})
    assert baku.position == ("\n" + text).index("باكو") / (len(text) + 1)


def test_an_english_title_is_no_name_and_begins_none() -> None:
    text = "Mr Kavanaugh met President Trump. The President left, Trump stayed."
    assert forms(find_mentions("", text, "en")) == {"Kavanaugh", "Trump"}
    # A title before a word it does not introduce begins a name.
    assert forms(find_mentions("", "The Federal Reserve held rates.", "en")) == {"Federal Reserve"}
    body = "Azerbaijani Prime Minister Ali Asadov met Malatya Governor Kemal Aydınlı."
    assert forms(find_mentions("", body, "en")) == {
        "Azerbaijani",
        "Asadov",  # Ali has too few consonants to key
        "Malatya",
        "Kemal Aydınlı",
    }


def test_a_time_zone_is_no_name() -> None:
    english = find_mentions("", "Updated at 10:36 BST, after NATO met in Berlin.", "en")
    assert forms(english) == {"NATO", "Berlin"}
    merkel = {name_keys(["Merkel"], "de", vowels=True)[0]: 2}
    german = find_mentions("", "Um 10:36 MESZ sprach Merkel in Berlin.", "de", merkel)
    assert forms(german) == {"Merkel", "Berlin"}
    bracketed = find_mentions("", "The polls closed at 9 (AEST) in Canberra.", "en")
    assert forms(bracketed) == {"Canberra"}


def test_a_name_without_case_links_only_by_the_keys_it_was_found_by() -> None:
    # lmrk, the skeleton with the article, could belong to an entity of any story.
    (american,) = find_mentions("", "قال الأمريكي", "ar", story_keys={"mrk": 2})
    assert american.lookup == ("mrk",) and american.register == ("lmrk", "mrk")


LUKASHENKO_SAID = "قال لوكاشينكو إنه كان في أذربيجان"  # "Lukashenko said he was in Azerbaijan"
STORY = {"lksnk": 2, "kn": 2}  # Lukashenko, and a two-letter name كان ("was") meets


def lukashenko_at(position: float) -> list[KnownName]:
    return [KnownName(1, frozenset({"lksnk"}), {"en": "Lukashenko"}, {"en": position})]


def test_without_case_a_story_name_may_meet_a_common_word() -> None:
    assert forms(find_mentions("", LUKASHENKO_SAID, "ar", STORY)) == {
        "لوكاشينكو",
        "كان",
        "أذربيجان",
    }


@pytest.mark.parametrize(
    ("position", "found"),
    [(0.3, {"لوكاشينكو", "أذربيجان"}), (0.9, {"أذربيجان"})],
    ids=["near", "far"],
)
def test_in_a_family_a_name_without_case_is_one_another_version_gives_near_by(
    position: float, found: set[str]
) -> None:
    family = find_mentions("", LUKASHENKO_SAID, "ar", STORY, family=lambda: lukashenko_at(position))
    assert forms(family) == found  # the country is a place, wherever it stands


def test_in_a_family_a_name_stored_without_a_place_counts_as_near() -> None:
    def unplaced() -> list[KnownName]:
        return [KnownName(1, frozenset({"lksnk"}), {"en": "Lukashenko"})]

    found = find_mentions("", LUKASHENKO_SAID, "ar", STORY, family=unplaced)
    assert forms(found) == {"لوكاشينكو", "أذربيجان"}


def test_a_name_may_end_with_a_title() -> None:
    found = forms(find_mentions("", "Fans of Stephen King met Prime Minister Ardern.", "en"))
    assert "Stephen King" in found and "King" not in found
    assert "Prime Minister" not in found and "Ardern" in found


def test_a_zone_abbreviation_not_after_a_time_may_be_a_name() -> None:
    assert "ACT" in forms(find_mentions("", "Voters in the ACT met Barr at 9 AEST.", "en"))
    # The first word has no time before it, whatever number ends the text.
    found = find_mentions("", "ACT voters met Barr in the ACT at 9", "en")
    assert [m.count for m in found if m.form == "ACT"] == [2]


def test_a_time_zone_follows_its_time_on_one_line() -> None:
    body = "Polls closed at 9 AEST, turnout 40\nACT voters met Barr in the ACT."
    (act,) = [m for m in find_mentions("", body, "en") if m.form == "ACT"]
    assert act.count == 2  # the line's first word is no zone: the time ended the line before


def test_a_name_ends_at_a_line_break() -> None:
    body = "Ilham Aliyev met Alexander Lukashenko.\nPhoto: Lukashenko\nAliyev left Minsk."
    found = forms(find_mentions("", body, "en"))
    assert {"Lukashenko", "Aliyev"} <= found
    assert "Lukashenko Aliyev" not in found


LINE = "Ilham Aliyev met Alexander Lukashenko in Minsk."
BODY = f"{LINE}\nThe Central Bank of Azerbaijan said trade grew."


def test_changed_lines_that_name_the_same_leave_the_names_the_same() -> None:
    assert same_names(LINE, LINE.replace("met", "later met"), BODY, "en")
    assert not same_names(LINE, LINE.replace("Aliyev", "Asadov"), BODY, "en")
    assert not same_names(LINE, f"{LINE} Aliyev left.", BODY, "en")  # Aliyev twice


def test_a_word_the_text_capitalises_written_in_lower_case_changes_the_names() -> None:
    added = f"{LINE} The bank would not comment."
    assert not same_names(LINE, added, BODY.replace(LINE, added), "en")


def test_without_case_names_are_never_the_same() -> None:
    arabic = "التقى علييف لوكاشينكو في مينسك"
    assert not same_names(arabic, arabic + " أمس", arabic + " أمس", "ar")


def test_two_names_side_by_side_are_two() -> None:
    body = (
        "President of Belarus Alexander Lukashenko spoke in Minsk, said Lukashenko. "
        "Ties between Lukashenko Minsk and Baku grew, and Ilham Aliyev came. If Ilham agrees."
    )
    found = forms(find_mentions("", body, "en"))
    assert {"Belarus", "Alexander Lukashenko", "Lukashenko", "Minsk", "Ilham Aliyev"} <= found
    assert "Belarus Alexander" not in found and "Lukashenko Minsk" not in found
    text = "Президент Беларуси Александр Лукашенко прибыл. Лукашенко сказал."
    russian = forms(find_mentions("", text, "ru"))
    assert "Беларуси Александр" not in russian and "Александр Лукашенко" in russian


def test_a_name_of_three_words_or_more_is_one_name() -> None:
    body = "The Turkish Red Crescent and the United Nations Development Programme helped."
    found = forms(find_mentions("", body, "en"))
    # A nationality begins a name of two more words no other name of the text ends like.
    assert found == {"Turkish Red Crescent", "United Nations Development Programme"}


def test_a_territory_of_two_words_stays_one_name() -> None:
    found = forms(find_mentions("", "The European Union and the United States agreed.", "en"))
    assert {"European Union", "United States"} <= found


def test_where_every_noun_is_capitalised_a_capital_alone_tells_no_name() -> None:
    body = "Nach Angaben der Behörde AFAD bebte die Erde im Bezirk Yeşilyurt bei Berlin."
    assert forms(find_mentions("", body, "de")) == {"AFAD", "Yeşilyurt", "Berlin"}


def test_where_every_noun_is_capitalised_a_known_names_words_are_names() -> None:
    known = {name_keys(["Angela", "Merkel"], "en", vowels=True)[0]: 1}
    found = find_mentions("", "Gestern sagte Angela Merkel in der Stadt etwas.", "de", known)
    assert forms(found) == {"Angela Merkel"}


def test_a_surname_alone_looks_up_the_full_name_that_ends_with_it() -> None:
    found = find_mentions(
        "", "Officials said Alexander Lukashenko arrived. Later Lukashenko went to Baku.", "en"
    )
    full, surname = (
        next(m for m in found if m.form == f) for f in ("Alexander Lukashenko", "Lukashenko")
    )
    assert surname.lookup[-1] == "lksndr lksnk" == name_keys(["Alexander", "Lukashenko"], "en")[0]
    assert found.index(full) < found.index(surname)  # the full name is linked first
    # From the story: another article gave the full name, this one the surname alone.
    story = {name_keys(["Александр", "Лукашенко"], "ru")[0]: 1}
    (russian,) = find_mentions("", "В понедельник Лукашенко прибыл.", "ru", story)
    assert russian.lookup[-1] == "lksndr lksnk"


def test_a_surname_two_full_names_end_with_joins_neither() -> None:
    text = "Ilham Aliyev spoke of Heydar Aliyev. Aliyev said the talks went well."
    aliyev = next(m for m in find_mentions("", text, "en") if m.form == "Aliyev")
    assert not {"lhm lf", "hydr lf"} & set(aliyev.lookup)
    # Nor does a country joined to a longer name: Azerbaijan is not the Republic of Azerbaijan.
    found = find_mentions("", "The Republic of Azerbaijan said Azerbaijan would sign.", "en")
    country = next(m for m in found if m.form == "Azerbaijan")
    assert country.lookup[0].startswith("territory:")
