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
