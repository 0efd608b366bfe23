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


def test_a_lead_with_a_word_changed_is_a_twin() -> None:
    near = held()
    edited = LEAD.replace("Tuesday", "Wednesday")
    assert near.twin(near.signature(edited)) == "stored"


def test_a_site_prefix_and_other_spacing_and_case_still_make_a_twin() -> None:
    near = held()
    assert near.twin(near.signature("  " + LEAD.upper().replace(" ", "  "))) == "stored"


def test_another_report_of_the_same_event_is_not_a_twin() -> None:
    near = held()
    other = (
        "Ilham Aliyev and Alexander Lukashenko held talks in Minsk. Azerbaijan and Belarus "
        "signed agreements on trade and transport, and Aliyev invited his host to COP29 in Baku."
    )
    assert near.twin(near.signature(other)) is None


def test_half_a_lead_is_not_a_twin() -> None:
    near = held()
    assert near.twin(near.signature(LEAD[: len(LEAD) // 2])) is None


def test_nothing_held_finds_nothing_and_an_empty_lead_has_a_signature() -> None:
    near = NearDuplicates()
    assert near.twin(near.signature("")) is None
    near.add("empty", near.signature(""))
    near.add("empty", near.signature(""))  # adding a key twice is harmless
    assert near.twin(near.signature("")) == "empty"
