from __future__ import annotations

from collections.abc import Sequence

import pytest

from polywire.embed import Encoder
from polywire.embed.base import Vectors
from polywire.entities.align import NameAligner
from polywire.entities.keys import name_keys
from polywire.model import KnownName, Mention


def mention(form: str, lang: str, position: float | None = None) -> Mention:
    keys = name_keys(form.split(), lang, vowels=True)
    return Mention(form, 1, lookup=keys, register=keys, position=position)


def known(entity: int, positions: dict[str, float] | None = None, **forms: str) -> KnownName:
    keys = {key for lang, form in forms.items() for key in mention(form, lang).lookup}
    return KnownName(entity, frozenset(keys), forms, positions or {})


RYDER_CUP = known(1, en="Ryder Cup")
MEDINA = known(2, en="Medina")
STORY_KEYS = RYDER_CUP.keys | MEDINA.keys


@pytest.fixture(scope="module")
def aligner(encoder: Encoder) -> NameAligner:
    return NameAligner(encoder, threshold=0.86, distance_cost=0.4)


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


@pytest.mark.parametrize(
    ("position", "joins"),
    [(0.21, True), (0.30, False), (None, False)],
    ids=["same place", "a tenth apart", "place unknown"],
)
def test_a_less_similar_name_joins_only_where_it_stands_at_the_same_place(
    aligner: NameAligner, position: float | None, joins: bool
) -> None:
    # Cosine 0.875: enough at the same place, not a tenth of the text away (0.86 + 0.04).
    red_cross = known(3, positions={"en": 0.2}, en="Red Cross")
    cross = mention("Красного Креста", "ru", position)
    aligned = aligner.align([cross], "ru", red_cross.keys, lambda: [red_cross])
    assert (aligned[0].entity == red_cross.entity) is joins


def test_only_a_sure_pair_gives_its_keys_to_the_entity(aligner: NameAligner) -> None:
    cup = known(1, positions={"en": 0.2}, en="Ryder Cup")
    red_cross = known(3, positions={"en": 0.6}, en="Red Cross")
    sure, close_call = mention("Кубка Райдера", "ru", 0.2), mention("Красного Креста", "ru", 0.6)
    aligned = aligner.align([sure, close_call], "ru", set(), lambda: [cup, red_cross])
    assert [m.entity for m in aligned] == [cup.entity, red_cross.entity]
    assert aligned[0].register == sure.register  # cosine 0.94: later articles may link by it
    assert aligned[1].register == ()  # 0.875: this article's name alone


def test_a_pair_that_would_fail_a_tenth_farther_apart_links_this_article_alone(
    aligner: NameAligner,
) -> None:
    # Cosine 0.94, a tenth apart: 0.90 joins (0.86 needed), but would not a tenth farther.
    cup = known(1, positions={"en": 0.2}, en="Ryder Cup")
    far = mention("Кубка Райдера", "ru", 0.3)
    (aligned,) = aligner.align([far], "ru", set(), lambda: [cup])
    assert aligned.entity == cup.entity and aligned.register == ()


class Counting(Encoder):
    """The real encoder, keeping the texts it was asked to embed."""

    def __init__(self, encoder: Encoder) -> None:
        self.name, self.dim = encoder.name, encoder.dim
        self._encoder = encoder
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.texts.extend(texts)
        return self._encoder.encode(texts)


def test_a_name_embedded_once_is_not_embedded_again(encoder: Encoder) -> None:
    counting = Counting(encoder)
    aligner = NameAligner(counting, threshold=0.86, distance_cost=0.4)
    cup, pence = mention("Кубка Райдера", "ru"), mention("Пенс", "ru")
    first = aligner.align([cup], "ru", set(), lambda: [RYDER_CUP])
    # The next version names the cup again, and a name not met before.
    again = aligner.align([cup, pence], "ru", set(), lambda: [RYDER_CUP])
    assert counting.texts == ["Кубка Райдера", "Ryder Cup", "Пенс"]
    assert first[0].entity == again[0].entity == RYDER_CUP.entity
