from polywire.language import lower


def test_turkish_capital_i_lowers_to_plain_i() -> None:
    assert lower("İngilis") == "ingilis" and lower("İSTANBUL") == "istanbul"
    assert lower("Москва ABC") == "москва abc"
