from __future__ import annotations

import pytest

from polywire.embed import Encoder
from polywire.entities.align import NameAligner
from polywire.entities.keys import name_keys
from polywire.model import KnownName, Mention


def mention(form: str, lang: str) -> Mention:
    keys = name_keys(form.split(), lang, vowels=True)
    return Mention(form, 1, lookup=keys, register=keys)


def known(entity: int, **forms: str) -> KnownName:
    keys = {key for lang, form in forms.items() for key in mention(form, lang).lookup}
    return KnownName(entity, frozenset(keys), forms)


RYDER_CUP = known(1, en="Ryder Cup")
MEDINA = known(2, en="Medina")
STORY_KEYS = RYDER_CUP.keys | MEDINA.keys


@pytest.fixture(scope="module")
def aligner(encoder: Encoder) -> NameAligner:
    return NameAligner(encoder, threshold=0.9)


def test_a_translated_name_joins_the_entity_of_the_name_it_translates(
    aligner: NameAligner,
) -> None:
    cup, medinah = mention("Кубка Райдера", "ru"), mention("Медине", "ru")
    assert not STORY_KEYS.isdisjoint(medinah.lookup)  # Medina links by its key
    aligned = aligner.align([cup, medinah], "ru", STORY_KEYS, lambda: [RYDER_CUP, MEDINA])
    assert [m.entity for m in aligned] == [RYDER_CUP.entity, None]


def test_a_name_that_translates_none_stays_apart(aligner: NameAligner) -> None:
    aligned = aligner.align([mention("Пенс", "ru")], "ru", STORY_KEYS, lambda: [RYDER_CUP])
    assert aligned[0].entity is None


def test_a_name_its_language_already_wrote_is_no_candidate(aligner: NameAligner) -> None:
    written = known(1, en="Ryder Cup", ru="Райдер Кап")
    aligned = aligner.align([mention("Кубка Райдера", "ru")], "ru", written.keys, lambda: [written])
    assert aligned[0].entity is None


def test_two_names_for_one_entity_give_it_to_the_closer(aligner: NameAligner) -> None:
    pair, word = mention("Кубка Райдера", "ru"), mention("Кубка", "ru")
    aligned = aligner.align([word, pair], "ru", STORY_KEYS, lambda: [RYDER_CUP])
    assert [m.entity for m in aligned] == [None, RYDER_CUP.entity]


def test_the_family_is_read_only_when_a_name_is_unlinked(aligner: NameAligner) -> None:
    def unread() -> list[KnownName]:
        raise AssertionError("read")

    medinah = mention("Медине", "ru")
    assert aligner.align([medinah], "ru", STORY_KEYS, unread) == [medinah]
