from __future__ import annotations

import pytest

from polywire.entities.keys import name_keys, word_keys


@pytest.mark.parametrize(
    ("forms", "key"),
    [
        (
            [("Лукашенко", "ru"), ("Lukaşenko", "az"), ("Lukashenko", "en"), ("لوكاشينكو", "ar")],
            "lksnk",
        ),
        ([("Баку", "ru"), ("Bakı", "az"), ("Baku", "en"), ("باكو", "ar"), ("Bakü", "tr")], "bk"),
        (
            [
                ("Азербайджан", "ru"),
                ("Azərbaycan", "az"),
                ("Azerbaijan", "en"),
                ("أذربيجان", "ar"),
                ("Aserbaidschan", "de"),
                ("Azerbaycan", "tr"),
            ],
            "srbjn",
        ),
        ([("Головченко", "ru"), ("Qolovçenko", "az"), ("Golovchenko", "en")], "hlfsnk"),
        ([("Гейдар", "ru"), ("Heydər", "az"), ("Heydar", "en"), ("حيدر", "ar")], "hdr"),
    ],
)
def test_spellings_in_every_script_share_one_key(forms: list[tuple[str, str]], key: str) -> None:
    assert {word_keys(word, lang)[0] for word, lang in forms} == {key}


@pytest.mark.parametrize(
    ("word", "lang", "stem"),
    [
        ("Асадовым", "ru", "sdf"),
        ("Əsədovla", "az", "sdf"),
        ("Minskdə", "az", "mnsk"),
        ("Bakü'de", "tr", "bk"),
        ("بمينسك", "ar", "mnsk"),
        ("جولوفشينكو", "ar", "hlfsnk"),  # ج written for g
    ],
)
def test_inflected_and_prefixed_forms_reach_the_stem(word: str, lang: str, stem: str) -> None:
    assert stem in word_keys(word, lang)


def test_two_people_of_one_family_name_keep_apart() -> None:
    ilham = name_keys(["Ильхаму", "Алиеву"], "ru")
    heydar = name_keys(["Гейдара", "Алиева"], "ru")
    assert ilham[0] == name_keys(["İlham", "Əliyev"], "az")[0] == "lhm lf"
    assert heydar[0] == name_keys(["حيدر", "علييف"], "ar")[0] == "hdr lf"
    assert not set(ilham) & set(heydar)


def test_too_little_to_key() -> None:
    assert word_keys("Ai", "en") == ()
    assert name_keys(["Ai", "Weiwei"], "en") == ()


@pytest.mark.parametrize(
    ("words", "lang"),
    [
        (["Mifflin", "Harcourt'un"], "tr"),  # Turkish reads c as j
        (["Patrick-in"], "az"),
        (["Jordan", "Spieth"], "de"),  # German reads j as y
    ],
)
def test_a_foreign_name_keeps_its_own_spelling(words: list[str], lang: str) -> None:
    english = name_keys([word.split("'")[0].split("-")[0] for word in words], "en", vowels=True)
    assert english[0] in name_keys(words, lang, vowels=True)


def test_th_is_read_as_t() -> None:
    keys = {
        word_keys(word, lang)[0]
        for word, lang in [("Thomas", "en"), ("Томас", "ru"), ("Tomas", "az")]
    }
    assert keys == {"tms"}


def test_a_word_spelt_with_its_languages_own_letters_is_not_read_as_foreign() -> None:
    assert name_keys(["Çelik"], "tr", vowels=True) == ("sAlIk",)
    assert "kAlIk" in name_keys(["Celik"], "tr", vowels=True)


@pytest.mark.parametrize(
    ("english", "other", "lang"),
    [
        ("Johnson", "Джонсон", "ru"),  # a silent h
        ("Pence", "Pens", "az"),  # c before e, i, y is s
        ("Sturridge", "Старридж", "ru"),  # dge is j
    ],
)
def test_an_english_name_is_read_as_english_spells_it(english: str, other: str, lang: str) -> None:
    assert name_keys([english], "en")[0] in name_keys([other], lang)


def test_an_english_text_keeps_the_plain_reading_of_a_name_too() -> None:
    # Read as English, Cicero is Sisero; as Latin, Kikero.
    assert name_keys(["Cicero"], "en") == ("sr", "kr")
