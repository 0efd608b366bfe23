"""Hostile and broken input: a clear error or a clean result, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polywire.errors import BadInput
from polywire.extract import extract
from polywire.extract.text import clean_text
from polywire.model import Document


@given(st.text(max_size=3000))
@settings(max_examples=200, deadline=None)
def test_cleaner_never_crashes_and_keeps_only_input_lines(text: str) -> None:
    article = clean_text(text, "fuzz")
    lines = {line.strip() for line in text.splitlines()}
    assert article.title in lines or article.title == ""
    for paragraph in article.body.split("\n") if article.body else []:
        assert paragraph in lines


@given(st.binary(max_size=3000), st.sampled_from(["text/html", "text/plain"]))
@settings(max_examples=150, deadline=None)
def test_extract_raises_only_bad_input(content: bytes, content_type: str) -> None:
    try:
        article, _ = extract(Document("fuzz", content, content_type))
    except BadInput:
        return
    assert len(article.body) >= 20


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<html><head><title>Only a title</title></head><body></body></html>", "no article text"),
        ("<div><p>Unclosed <b>tags <i>everywhere", "no article text"),
        ("<<<>>> </html> <html", "no article text"),
    ],
)
def test_broken_or_empty_html_is_a_clear_error(html: str, reason: str) -> None:
    with pytest.raises(BadInput, match=reason):
        extract(Document("page.html", html.encode(), "text/html"))


def test_misdeclared_encoding_falls_back_to_detection() -> None:
    text = "Президент встретился с премьер-министром в Минске и обсудил торговлю. " * 5
    page = (
        '<html><head><meta charset="utf-8"></head><body><article>'
        f"<h1>Встреча в Минске</h1><p>{text}</p></article></body></html>"
    )
    article, note = extract(Document("page.html", page.encode("cp1251"), "text/html"))
    assert "Минске" in article.body
    assert note is not None
