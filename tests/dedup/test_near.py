from polywire.dedup import NearDuplicates

LEAD = (
    "Belarusian President Alexander Lukashenko met Azerbaijani President Ilham Aliyev in Minsk "
    "on Tuesday. The two leaders discussed trade, transport corridors and preparations for the "
    "COP29 climate conference in Baku, the presidential press service said in a statement."
)


def held(lead: str = LEAD) -> NearDuplicates:
    near = NearDuplicates()
    near.add("stored", near.signature(lead))
    return near


def twin(near: NearDuplicates, lead: str, stored: str = LEAD) -> str | None:
    """The held key that is this lead's twin, as the pipeline finds it."""
    found = [key for key in near.candidates(near.signature(lead)) if near.alike(lead, stored)]
    return found[0] if found else None


def test_a_lead_with_a_word_changed_is_a_twin() -> None:
    near = held()
    edited = LEAD.replace("Tuesday", "Wednesday")
    assert twin(near, edited) == "stored"


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


def test_a_rewrite_the_index_proposes_is_no_twin_when_its_word_pairs_differ() -> None:
    near = held()
    rewrite = LEAD
    for word, other in [
        ("met", "hosted"),
        ("Tuesday", "Monday"),
        ("leaders", "presidents"),
        ("transport", "logistics"),
        ("said", "reported"),
    ]:
        rewrite = rewrite.replace(word, other)
    assert near.candidates(near.signature(rewrite)) == ["stored"]  # LSH lets it through
    assert not near.alike(rewrite, LEAD)  # 57% of word pairs shared, not 80%
    assert twin(near, rewrite) is None


def test_nothing_held_finds_nothing_and_an_empty_lead_has_a_signature() -> None:
    near = NearDuplicates()
    assert near.candidates(near.signature("")) == []
    near.add("empty", near.signature(""))
    near.add("empty", near.signature(""))  # adding a key twice is harmless
    assert twin(near, "", stored="") == "empty"
