"""Write one measured section of a docs/ page between its markers, leaving the rest alone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path


def write_section(page: Path, key: str, heading: str, command: str, body: str) -> None:
    """Replace the text between ``<!-- key:begin -->`` and ``<!-- key:end -->`` in ``page``.

    A page without the markers gets the section appended under ``heading``.
    """
    begin, end = f"<!-- {key}:begin -->", f"<!-- {key}:end -->"
    section = f"{begin}\nMeasured by `{command}` on {datetime.now(UTC):%Y-%m-%d}.\n\n{body}\n{end}"
    text = page.read_text(encoding="utf-8") if page.exists() else f"# {page.stem.title()}\n"
    if begin in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
    else:
        text += f"\n## {heading}\n\n{section}\n"
    page.write_text(text, encoding="utf-8")
