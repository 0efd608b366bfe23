import pytest

from polywire.entities import find_mentions
from polywire.entities.gazetteer import territory_key


@pytest.mark.parametrize(
    ("words", "lang"),
    [
        (["Germany"], "en"),
        (["Германии"], "ru"),
        (["Almaniya"], "az"),
        (["Almanya'nın"], "tr"),
        (["Deutschland"], "de"),
        (["ألمانيا"], "ar"),
    ],
)
def test_translated_country_names_share_the_territory_key(words: list[str], lang: str) -> None:
    assert territory_key(words, lang, cased=lang != "ar") == "territory:DE"


def test_inflected_and_two_word_names_find_their_territory() -> None:
    assert territory_key(["России"], "ru") == territory_key(["Russia"], "en") == "territory:RU"
    assert territory_key(["Azərbaycanın"], "az") == "territory:AZ"
    assert territory_key(["United", "States"], "en") == "territory:US"


def test_names_that_only_resemble_a_territory_have_no_key() -> None:
    assert territory_key(["Mila"], "en") is None  # not Mali
    assert territory_key(["Martin"], "en") is None  # not Mauritania, though both give mrtn
    assert territory_key(["باتريك"], "ar", cased=False) is None  # Patrick, not Turkey
    assert territory_key(["Western", "Europe"], "en") is None  # a region, not a place
    # Нигерии is Nigeria's genitive and Нигер is Niger: the two cannot be told apart.
    assert territory_key(["Нигерии"], "ru") is None


def test_a_country_mention_looks_up_its_territory_first() -> None:
    mentions = find_mentions("Визит", "Президент прибыл в Испанию. Испания рада гостю.", "ru")
    spain = next(m for m in mentions if m.form.startswith("Испани"))
    assert spain.lookup[0] == spain.register[0] == "territory:ES"


def test_continents_are_places_but_the_americas_are_not() -> None:
    europe = {territory_key(["Europe"], "en"), territory_key(["Европы"], "ru")}
    assert europe == {territory_key(["Avrupa"], "tr")} == {"territory:150"}
    assert territory_key(["Amerika"], "az") is None  # CLDR's Americas; often the US


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Iranian", "IR"),
        ("European", "150"),
        ("Kenyan", "KE"),
        ("Japanese", "JP"),
        ("Turkish", "TR"),
    ],
)
def test_english_adjectives_of_nationality_key_as_their_place(word: str, code: str) -> None:
    assert territory_key([word], "en") == f"territory:{code}"


def test_only_english_endings_make_an_adjective_of_a_place() -> None:
    assert territory_key(["Malin"], "en") is None  # a name, not Mali's adjective
    assert territory_key(["Kenyan"], "de") is None
