from __future__ import annotations

from polywire.entities.linking import link, lookup_keys
from polywire.model import Mention


def test_a_stored_key_keeps_its_entity_against_one_registered_in_the_same_article() -> None:
    baku = Mention("Baku", 1, lookup=("bAk",), register=("bAk", "bk"), position=0.5)
    skeleton = Mention("باكو", 2, lookup=("bk",), register=("bk",))
    owners = {"bk": 7}  # stored: bk names entity 7
    created: list[str] = []

    def new_entity(form: str) -> int:
        created.append(form)
        return 100 + len(created)

    links = link([baku, skeleton], owners, new_entity)
    assert created == ["Baku"]
    assert links.mentions == [(101, "Baku", 1, 0.5), (7, "باكو", 2, None)]
    assert links.keys == [("bAk", 101), ("bk", 101), ("bk", 7)]
    assert owners == {"bk": 7, "bAk": 101}


def test_a_later_mention_finds_the_entity_an_earlier_one_created() -> None:
    pair = Mention("Ilham Aliyev", 1, lookup=("IlhAm AlIyEv",), register=("IlhAm AlIyEv", "lyv"))
    alone = Mention("Əliyev", 1, lookup=("lyv",), register=("lyv",))
    links = link([pair, alone], {}, lambda form: 1)
    assert [entity for entity, *_ in links.mentions] == [1, 1]
    assert lookup_keys([pair, alone]) == ["IlhAm AlIyEv", "lyv"]


def test_an_aligned_mention_joins_its_entity_before_any_keys_owner() -> None:
    cup = Mention("Кубка", 1, lookup=("kUbk",), register=("kUbk",), entity=3)
    links = link([cup], {"kUbk": 9}, lambda form: 100)
    assert links.mentions == [(3, "Кубка", 1, None)]
    assert links.keys == [("kUbk", 3)]  # stored only if no entity holds it yet
