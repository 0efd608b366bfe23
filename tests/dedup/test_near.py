import random

from polywire.dedup import NearDuplicates
from polywire.dedup.near import _jaccard, _shingles

LEAD = (
    "Belarusian President Alexander Lukashenko met Azerbaijani President Ilham Aliyev in Minsk "
    "on Tuesday. The two leaders discussed trade, transport corridors and preparations for the "
    "COP29 climate conference in Baku, the presidential press service said in a statement."
)


def edited(*changes: tuple[str, str]) -> str:
    lead = LEAD
    for word, other in changes:
        lead = lead.replace(word, other, 1)
    return lead


def held(lead: str = LEAD) -> NearDuplicates:
    near = NearDuplicates()
    near.add("stored", near.signature(lead))
    return near


def twin(near: NearDuplicates, lead: str, stored: str = LEAD) -> str | None:
    """The held lead's key if it is this lead's twin, found as the pipeline finds it."""
    candidates = near.candidates(near.signature(lead))
    return near.twin(lead, dict.fromkeys(candidates, stored))


def test_a_lead_with_a_word_changed_is_a_twin() -> None:
    near = held()
    assert twin(near, edited(("Tuesday", "Wednesday"))) == "stored"
    assert twin(near, edited(("presidential", "Belarusian"))) == "stored"


def test_a_lead_sharing_four_fifths_of_its_word_pairs_is_a_twin() -> None:
    assert twin(held(), edited(("Tuesday", "Monday"), ("climate", "UN"))) == "stored"


def test_a_site_prefix_and_other_spacing_and_case_still_make_a_twin() -> None:
    near = held()
    assert twin(near, "  " + LEAD.upper().replace(" ", "  ")) == "stored"


def test_another_report_of_the_same_event_is_not_a_twin() -> None:
    near = held()
    other = (
        "Ilham Aliyev and Alexander Lukashenko held talks in Minsk. Azerbaijan and Belarus "
        "signed agreements on trade and transport, and Aliyev invited his host to COP29 in Baku."
    )
    assert twin(near, other) is None


def test_half_a_lead_is_not_a_twin() -> None:
    near = held()
    assert twin(near, LEAD[: len(LEAD) // 2]) is None


def test_a_rewrite_the_index_proposes_is_no_twin() -> None:
    near = held()
    rewrite = edited(
        ("Tuesday", "Monday"),
        ("climate", "UN"),
        ("said", "reported"),
        ("trade", "energy"),
    )
    assert near.candidates(near.signature(rewrite)) == ["stored"]  # the index lets it through
    assert twin(near, rewrite) is None  # 64% of word pairs shared, not 80%


def test_the_twin_is_the_most_alike_candidate() -> None:
    near = NearDuplicates()
    candidates = {
        "a": edited(("Tuesday", "Monday"), ("climate", "UN")),
        "b": edited(("Tuesday", "Wednesday")),
        "c": "Ilham Aliyev and Alexander Lukashenko held talks in Minsk.",
    }
    assert near.twin(LEAD, candidates) == "b"
    assert near.twin(LEAD, {"c": candidates["c"]}) is None
    assert near.twin(LEAD, {}) is None


def test_nothing_held_finds_nothing_and_an_empty_lead_has_a_signature() -> None:
    near = NearDuplicates()
    assert near.candidates(near.signature("")) == []
    near.add("empty", near.signature(""))
    near.add("empty", near.signature(""))  # adding a key twice is harmless
    assert near.candidates(near.signature("")) == ["empty"]


def test_the_index_proposes_as_its_bands_promise() -> None:
    """1 - (1 - share⁶)¹⁰: 95% of leads sharing 80% of word pairs, few sharing under 30%."""
    rng = random.Random(5)
    words = [f"w{i}" for i in range(3000)]
    proposed: dict[str, list[bool]] = {"alike": [], "apart": []}
    for pair in range(300):
        near = NearDuplicates()
        lead = [rng.choice(words) for _ in range(60)]
        other = list(lead)
        for i in rng.sample(range(60), 3 if pair % 2 else 25):
            other[i] = rng.choice(words)
        share = _jaccard(_shingles(" ".join(lead)), _shingles(" ".join(other)))
        kind = "alike" if share >= 0.8 else "apart" if share <= 0.3 else None
        if kind:
            near.add("held", near.signature(" ".join(lead)))
            proposed[kind].append(bool(near.candidates(near.signature(" ".join(other)))))
    assert len(proposed["alike"]) >= 50 and len(proposed["apart"]) >= 50
    assert sum(proposed["alike"]) / len(proposed["alike"]) >= 0.9
    assert sum(proposed["apart"]) / len(proposed["apart"]) <= 0.05
