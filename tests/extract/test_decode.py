from __future__ import annotations

import pytest

from polywire.errors import BadInput
from polywire.extract.decode import decode

RUSSIAN = "Президент Беларуси Александр Лукашенко встретился с премьер-министром Азербайджана."


def test_utf8_passes_through_without_note() -> None:
    assert decode(RUSSIAN.encode()) == (RUSSIAN, None)


def test_declared_html_charset_is_used() -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body>{RUSSIAN}</body></html>'
    text, note = decode(page.encode("cp1251"), html=True)
    assert RUSSIAN in text
    assert note is None


def test_undeclared_legacy_encoding_is_detected_and_noted() -> None:
    text, note = decode((RUSSIAN * 5).encode("cp1251"))
    assert RUSSIAN in text
    assert note is not None
    assert note.startswith("not valid UTF-8; read as")


def test_binary_content_is_refused() -> None:
    with pytest.raises(BadInput, match="binary content"):
        decode(bytes(range(256)) * 40)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "La crème brûlée du chef était délicieuse, à côté du café. Noël approche déjà.",
            "latin-1",
        ),
        (
            "Prezydent powiedział, że gospodarka będzie rosła. Ministerstwo Finansów oczekuje "
            "wzrostu dochodów w przyszłym roku.",
            "cp1250",
        ),
        (
            "Předseda vlády řekl, že česká ekonomika poroste. Ministerstvo financí očekává růst "
            "příjmů.",
            "cp1250",
        ),
        (
            "Lietuvos prezidentas pareiškė, kad ekonomika augs. Finansų ministerija tikisi pajamų "
            "augimo kitais metais.",
            "cp1257",
        ),
    ],
)
def test_a_legacy_code_page_is_read_as_its_language_reads(text: str, encoding: str) -> None:
    # Alone, charset-normalizer read the French as cp1257 ("crčme") and the Polish as cp1252.
    assert decode(text.encode(encoding))[0] == text
