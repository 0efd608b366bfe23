from polywire.dedup import fingerprint


def test_spacing_and_case_do_not_change_the_fingerprint() -> None:
    assert fingerprint("Quake hits Malatya\n\nRescue  teams") == fingerprint(
        "quake hits malatya rescue teams"
    )


def test_another_word_changes_it() -> None:
    assert fingerprint("Quake hits Malatya") != fingerprint("Quake hits Elazig")
