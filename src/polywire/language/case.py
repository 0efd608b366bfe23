"""Lower case as the languages write it."""


def lower(text: str) -> str:
    """``text`` in lower case, with Turkish and Azerbaijani İ as i.

    ``str.lower`` turns İ into i and a combining dot, so İngilis would never meet
    ingilis. Dotless I (KASIM) still lowers to i: without the language it cannot
    be told from the I of other alphabets.
    """
    return text.lower().replace("i\u0307", "i")
