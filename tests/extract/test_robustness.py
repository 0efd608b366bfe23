"""Hostile and broken input: a clear error or a clean result, never a crash."""

from __future__ import annotations

import codecs

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


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_are_read_by_their_byte_order_mark(codec: str) -> None:
    text = "Парламент принял новый закон о бюджете после долгих споров во вторник."
    bom = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}.get(codec, b"")
    article, note = extract(Document("page.txt", bom + (text * 3).encode(codec), "text/plain"))
    assert "Парламент принял" in article.body and note is None


def test_html_nested_10000_deep_still_gives_its_text() -> None:
    prose = "The council approved the new budget after a long debate on Tuesday. " * 4
    page = f"<html><body>{'<div>' * 10_000}<p>{prose}</p>{'</div>' * 10_000}</body></html>"
    article, _ = extract(Document("deep.html", page.encode(), "text/html"))
    assert "approved the new budget" in article.body


def test_a_title_never_carries_markup() -> None:
    prose = "The council approved the new budget after a long debate on Tuesday. " * 4
    page = (
        f"<html><head><title>Budget passed<meta name='x' content='{'y' * 1500}'></head>"
        f"<body><article><p>{prose}</p></article></body></html>"
    )
    article, _ = extract(Document("title.html", page.encode(), "text/html"))
    assert "<" not in article.title and "yyy" not in article.title
    declared, _ = extract(
        Document("t.txt", prose.encode(), "text/plain", title="<b>Budget</b> <i>passed</i>")
    )
    assert declared.title == "Budget passed"


def test_nul_and_lone_surrogates_are_taken_out_with_a_note() -> None:
    prose = "The council approved the new budget after a long debate on Tuesday. " * 4
    article, note = extract(
        Document(
            "nul.txt", prose.replace(". ", ".\x00 ", 1).encode(), "text/plain", title="A\ud800"
        )
    )
    assert "\x00" not in article.body and article.title == "A"
    assert note is not None and "removed 2 characters" in note
