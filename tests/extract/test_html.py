from __future__ import annotations

from polywire.extract import extract
from polywire.extract.html import page_text
from polywire.model import Document
from tests.conftest import CORPUS


def test_html_page_yields_body_and_metadata_without_navigation() -> None:
    path = CORPUS / "c-de-ezb-leitzins.html"
    article, note = extract(Document(str(path), path.read_bytes(), "text/html"))
    assert note is None
    assert "EZB" in article.title
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2026-10-29"
    assert "Cookie" not in article.body
    assert len(article.body) > 500


def test_windows_1251_page_is_decoded() -> None:
    path = CORPUS / "a1-ru-malatya-zemletryasenie.html"
    article, _ = extract(Document(str(path), path.read_bytes(), "text/html"))
    assert "Малатья" in article.title + article.body


def test_source_metadata_wins_over_extracted() -> None:
    document = Document(
        "feed.jsonl:1",
        b"Headline here now\nA body sentence that is long enough.",
        "text/plain",
        url="https://a.example/1",
        title="Given title",
    )
    article, _ = extract(document)
    assert (article.title, article.url) == ("Given title", "https://a.example/1")


def test_page_text_puts_each_block_on_its_own_line() -> None:
    html = (
        "<html><head><title>T</title><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Home</a><a href='/w'>World</a></nav>"
        "<h1>Head <b>line</b></h1><p>First <a href='#'>para</a>.</p><p>Second.</p>"
        "</body></html>"
    )
    assert page_text(html).split("\n") == ["T", "HomeWorld", "Head line", "First para.", "Second."]
    assert page_text("") == ""


def test_markup_language_is_kept_as_a_hint() -> None:
    path = CORPUS / "d-az-qarabag-az-alkmaar.html"
    article, _ = extract(Document(str(path), path.read_bytes(), "text/html"))
    assert article.lang == "az"
    assert article.url is not None and article.url.startswith("https://")
