"""A corpus of bad input, written into a folder by the test that reads it.

Each entry says what must become of one input: stored (perhaps with a note), or
failed with a reason. Big and binary files are generated here, not committed.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Inputs larger than this fail as too large; the test reads with this limit.
LIMIT = 1_000_000

TOPICS = [
    "The city council approved a new budget for public transport after a long debate.",
    "Farmers in the northern valley report the best wheat harvest in a decade.",
    "A new bridge over the river opened to traffic on Monday morning after two years.",
    "The national orchestra announced a winter tour across twelve cities this season.",
    "Scientists found a colony of rare frogs living in the mountain forest reserve.",
    "The central bank kept its interest rate unchanged and warned about rising prices.",
    "Heavy snow closed the mountain pass and stranded hundreds of lorries overnight.",
    "A local football club signed a young striker from the second division yesterday.",
    "The library will stay open until midnight during the university exam period.",
    "Engineers began repairs on the old dam after inspectors found several cracks.",
    "The museum returned a stolen painting to the family that owned it before the war.",
    "Volunteers planted ten thousand trees along the coast to slow down erosion.",
    "A ferry company added a night crossing between the two islands for the summer.",
    "The health ministry opened three new clinics in villages without a doctor.",
]


def article(n: int) -> str:
    """A headline and a paragraph of plain prose about topic ``n``, unlike every other."""
    topic = TOPICS[n]
    return f"{topic.split(' ', 6)[-1][:60]}\n\n" + " ".join([topic] * 4)


@dataclass(frozen=True)
class Expect:
    stored: int = 0
    """Articles this input must store."""
    failure: str | None = None
    """A part of the reason it fails with (for a file with several records, one of them)."""
    note: str | None = None
    """A part of the note its stored article carries."""


def warc(name: str, *bodies: bytes, gz: bool = False) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for n, body in enumerate(bodies):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            f"https://warc.example/{name}/{n}",
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
        )
        writer.write_record(record)
    return out.getvalue()


def html(n: int, head: str = "") -> bytes:
    title, _, body = article(n).partition("\n\n")
    return (
        f"<html><head>{head}<title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{body}</p></article></body></html>"
    ).encode()


GIVEN_BY_NAME = ("report.pdf", "only-pdfs")
"""Inputs to name besides the corpus folder: a folder read skips what it cannot read."""


def write_corpus(folder: Path) -> dict[str, Expect]:
    """Write every kind of bad input into ``folder``; what must become of each, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, Expect] = {}

    def put(name: str, content: bytes, what: Expect) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        expect[name] = what

    put("empty.txt", b"", Expect(failure="empty file"))
    put("binary.html", bytes(range(256)) * 100, Expect(failure="binary content"))
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(LIMIT * 3)
    expect["huge.txt"] = Expect(failure="file too large")
    put("report.pdf", b"%PDF-1.4 not read", Expect(failure="unsupported file type '.pdf'"))
    # So is a folder, given by name, that holds nothing Polywire reads.
    (folder / "only-pdfs").mkdir()
    (folder / "only-pdfs" / "scan.pdf").write_bytes(b"%PDF-1.4")
    expect["only-pdfs"] = Expect(failure="nothing to read: the folder holds only .pdf files")
    put(
        "only-title.html",
        b"<html><head><title>Only a title</title></head><body></body></html>",
        Expect(failure="no article text"),
    )
    put("not-a-warc.warc", b"this is no archive\n" * 10, Expect(failure="not a readable WARC"))
    # warcio trips over these with errors of its own: gzip junk, a response with no URI.
    put("junk.warc.gz", gzip.compress(bytes(range(256)) * 4), Expect(failure="damaged one)"))
    page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html(1)
    no_uri = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: %d\r\n\r\n" % len(page)
    put("no-uri.warc", no_uri + page + b"\r\n\r\n", Expect(failure="not a readable WARC"))
    good, lines = json.dumps({"text": article(0)}), ['{"text": broken', '{"url": "x"}']
    put("feed.jsonl", "\n".join([good, *lines]).encode(), Expect(stored=1, failure="invalid JSON"))
    whole = warc("cut", html(1), html(2))
    put("cut.warc", whole[: len(whole) - 200], Expect(stored=1, failure="record cut short"))
    zipped = warc("zipped", html(3), html(4), gz=True)
    put(
        "cut.warc.gz",
        zipped[: len(zipped) - 100],
        Expect(stored=1, failure="ends inside a compressed record"),
    )
    wrong = warc("wrong", html(5), html(6))
    start = wrong.index(b"Content-Length: ") + len(b"Content-Length: ")  # the first record's
    end = wrong.index(b"\r\n", start)
    wrong = wrong[:start] + str(int(wrong[start:end]) - 40).encode() + wrong[end:]
    put("wrong-length.warc", wrong, Expect(stored=1, failure="warcio: Record not followed"))

    # Inputs that are awkward but readable: each stores its article.
    put("nul.txt", article(7).replace(". ", ".\x00 ", 2).encode(), Expect(stored=1, note="NUL"))
    lone = json.dumps({"text": article(8) + " \ud800", "title": "Half a pair \udc00"})
    put("surrogate.jsonl", lone.encode(), Expect(stored=1, note="lone surrogates"))
    put("utf16.txt", codecs.BOM_UTF16_LE + article(9).encode("utf-16-le"), Expect(stored=1))
    put("utf32.html", html(10).decode().encode("utf-32"), Expect(stored=1))
    title, _, body = article(11).partition("\n\n")
    deep = f"<html><body>{'<div>' * 10_000}<p>{body}</p>{'</div>' * 10_000}</body></html>"
    put("deep.html", deep.encode(), Expect(stored=1))
    broken_title = (
        f"<html><head><title>{title}<meta name='x' content='{'y' * 1500}'></head>"
        f"<body><article><p>{article(12).partition(chr(10))[2]}</p></article></body></html>"
    )
    put("broken-title.html", broken_title.encode(), Expect(stored=1))
    put(
        "invalid-utf8.txt",
        article(13).encode() + b" \xff\xfe broken tail.",
        Expect(stored=1, note="not valid UTF-8"),
    )
    put("[bold]markup[/] name.txt", (article(4) + " Named oddly.").encode(), Expect(stored=1))
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f"<html><body><article><p>&lol2; {article(2).partition(chr(10))[2]}</p>"
        "</article></body></html>"
    )
    put("laughs.html", laughs.encode(), Expect(stored=1))
    return expect
