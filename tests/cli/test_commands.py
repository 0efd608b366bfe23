"""The command line as a user runs it: a real process on a real SQLite file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polywire import __version__
from tests.conftest import ROOT, SEEDS


def polywire(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polywire", *args],
        capture_output=True,
        text=True,
        # This checkout's code, whichever checkout the virtualenv was installed from.
        env={
            "COLUMNS": "200",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT / "src"),
            **(env or {}),
        },
        check=False,
    )


@pytest.mark.parametrize(
    "command",
    [
        "",
        "ingest",
        "extract",
        "stories",
        "show",
        "versions",
        "eval",
        "feeds",
        "watch",
        "serve",
        "follow",
    ],
)
def test_every_command_explains_itself(command: str) -> None:
    result = polywire(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert "Usage: python -m polywire" in result.stdout
    if command in ("ingest", "stories", "show", "versions", "serve"):
        assert "--db" in result.stdout


def test_ingest_then_list_then_show(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    ingested = polywire("ingest", str(SEEDS), "--db", db)
    assert ingested.returncode == 0, ingested.stderr
    assert "5 ingested" in ingested.stdout
    assert "0 failed" in ingested.stdout

    listed = polywire("stories", "--db", db, "--json")
    stories = {s["id"]: s for s in json.loads(listed.stdout)}  # one JSON array
    meeting = next(s for s in stories.values() if s["headline"].startswith("Беларусь"))
    assert meeting["languages"] == ["ar", "az", "en", "ru"]
    # The hints can be pasted as they are: this store, a language and a day it holds.
    hints = " ".join(polywire("stories", "--db", db).stdout.split())
    latest = json.loads(listed.stdout)[0]
    assert f"polywire show {latest['id']} --db {db}" in hints
    since = f"--lang {latest['languages'][0]} --since {latest['first_seen'][:10]} --db {db}"
    assert since in hints

    shown = json.loads(polywire("show", str(meeting["id"]), "--db", db, "--json").stdout)
    titles = [a["title"] for family in shown["families"].values() for a in family]
    assert any(t.startswith("Беларусь и Азербайджан") for t in titles)
    assert shown["event"] == {"day": "2024-10-03", "first": "2024-10-03", "last": "2024-10-03"}
    # Both commands name a story by the same headline.
    assert shown["summary"]["headline"] == meeting["headline"]
    text = polywire("show", str(meeting["id"]), "--db", db).stdout
    assert "Family" in text and meeting["headline"] in text and "1 versions" not in text
    assert "the same text in 4 versions" in text and "Event 2024-10-03" in text

    assert json.loads(polywire("stories", "--db", db, "--lang", "de", "--json").stdout) == []
    english = polywire("stories", "--db", db, "--lang", "en", "--json").stdout
    assert english and polywire("stories", "--db", db, "--lang", "eng", "--json").stdout == english
    again = polywire("ingest", str(SEEDS), "--db", db)
    assert "0 ingested" in again.stdout and "5 duplicates" in again.stdout


def test_failures_are_reported_per_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = polywire(
        "ingest",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "missing.html"),
        "--db",
        str(tmp_path / "x.db"),
    )
    assert result.returncode == 1
    assert "empty.txt: empty file" in result.stderr
    assert "missing.html: no such file or folder" in result.stderr


def test_version() -> None:
    result = polywire("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"polywire {__version__}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--lang", "xx"), "unknown language tag 'xx'"),
        (("--lang", "english"), "unknown language tag 'english'"),
        (
            ("--limit", "-1"),
            "Invalid value for '--limit': Input should be greater than or equal to 1",
        ),
        (("--limit", "0"), "Input should be greater than or equal to 1"),
    ],
)
def test_bad_story_filters_are_errors(tmp_path: Path, args: tuple[str, str], message: str) -> None:
    result = polywire("stories", "--db", str(tmp_path / "none.db"), *args)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


def test_what_cannot_be_read_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    (folder / "a.txt").write_text("Headline\nA body sentence that says something.\n")
    (folder / "README.md").write_text("# The corpus\nWhat these files are.\n")
    (folder / "LICENSE").write_text("Use it freely.\n")
    db = str(tmp_path / "x.db")
    result = polywire("ingest", str(folder), "ftp://example.org/news.txt", "--db", db)
    assert "report.pdf: skipped: .pdf files are not read" in result.stderr
    assert "ftp://example.org/news.txt: unsupported URL scheme 'ftp'" in result.stderr
    assert "no such file" not in result.stderr
    assert "1 ingested" in result.stdout and "1 file not read" in result.stdout
    # A folder's README and LICENSE are neither articles nor skips: one quiet line.
    assert "skipped" not in "\n".join(
        line for line in result.stderr.splitlines() if "README" in line or "LICENSE" in line
    )
    assert result.stderr.count("not read, as documentation:") == 1
    assert "LICENSE" in result.stderr and "README.md" in result.stderr


def test_an_empty_folder_says_nothing_was_found(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = polywire("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "nothing to read: the folder holds no files" in result.stderr


def test_reading_commands_need_an_existing_store(tmp_path: Path) -> None:
    result = polywire("stories", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 1
    assert "No store at" in result.stderr
    assert not (tmp_path / "none.db").exists()
    shown = polywire("show", "42", "--db", str(tmp_path / "none.db"))
    assert shown.returncode == 1


def test_extract_shows_the_article_and_what_was_dropped(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    (tmp_path / "empty.txt").write_bytes(b"")
    result = polywire("extract", str(seed), str(tmp_path / "empty.txt"), "--json")
    assert result.returncode == 1  # one input failed, and says so
    assert "empty.txt: empty file" in result.stderr
    (article,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert article["lang"] == "ru"
    # "3 октябрь 2024 16:48": Russian is written in eleven zones, so its middle, ± 5 h.
    assert article["published_at"] == "2024-10-03T09:48:00+00:00"
    assert article["published_from"] == "date line, time zone unknown"
    assert article["title"].startswith("Беларусь и Азербайджан")
    assert {"text": "Написать отзыв", "reason": "after a separator"} in article["removed"]
    assert "Написать отзыв" not in article["body"]
    plain = polywire("extract", str(seed))
    assert "(repeated headline)" in plain.stdout


def test_urls_are_ingested_when_private_addresses_are_allowed(tmp_path: Path) -> None:
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from tests.conftest import CORPUS

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(CORPUS), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/c-de-ezb-leitzins.html"
    try:
        db = str(tmp_path / "u.db")
        refused = polywire("ingest", url, "--db", db)
        assert "non-public address" in refused.stderr
        allowed = polywire("ingest", url, "--db", db, env={"POLYWIRE_ALLOW_PRIVATE": "1"})
        assert "1 ingested" in allowed.stdout, allowed.stderr
    finally:
        httpd.shutdown()


def test_versions_shows_the_family_tree_and_aligns_two_versions(tmp_path: Path) -> None:
    db = str(tmp_path / "v.db")
    polywire("ingest", str(SEEDS), "--db", db)
    stories = json.loads(polywire("stories", "--db", db, "--json").stdout)
    meeting = next(s for s in stories if s["headline"].startswith("Беларусь"))
    shown = json.loads(polywire("show", str(meeting["id"]), "--db", db, "--json").stdout)
    family = max(shown["families"].values(), key=len)
    by_lang = {a["lang"]: a["id"] for a in family}

    undated = next(a for a in family if a["lang"] == "az")
    assert undated["published_at"] is None and undated["seen_at"] is not None
    assert next(a for a in family if a["lang"] == "ru")["published_at"].startswith("2024-10-03")

    tree = polywire("versions", str(meeting["id"]), "--db", db).stdout
    assert "(original)" in tree
    assert tree.count("(translation, ") == 3  # the four versions of the seeds' text, judged
    assert "undated, first seen" in tree and "published 2024-10-03" in tree
    arabic = " ".join(tree.split(f"#{by_lang['ar']} ar ", 1)[1].split("→", 1)[0].split())
    # 002 (ar) was translated from 001 (az): the tree names that, or says it cannot tell.
    assert f"from #{by_lang['az']})" in arabic or "source unknown)" in arabic, arabic

    aligned = polywire(
        "versions",
        str(meeting["id"]),
        "--db",
        db,
        "--align",
        str(by_lang["en"]),
        str(by_lang["ar"]),
    )
    assert aligned.returncode == 0, aligned.stderr
    assert "Belarus and Azerbaijan Strengthen Bilateral Ties" in aligned.stdout
    assert "Lukashenko" in aligned.stdout and "لوكاشينكو" in aligned.stdout
    wrong = polywire("versions", str(meeting["id"]), "--db", db, "--align", "1", "999")
    assert "is not in story" in wrong.stderr


def test_entities_lists_those_two_articles_name_unless_asked_for_all(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert polywire("ingest", str(SEEDS / "003_37c6c4a4a45b47f7.txt"), "--db", db).returncode == 0
    listed = json.loads(polywire("entities", "--db", db, "--json").stdout)
    every = json.loads(polywire("entities", "--db", db, "--json", "--min-versions", "1").stdout)
    labels = {entity["label"] for entity in listed}
    assert "Azerbaijan" in labels  # one article: only places
    assert not labels & {"Lukashenko", "Minsk", "God"}
    assert {"Lukashenko", "Minsk"} <= {entity["label"] for entity in every}
    assert polywire("entities", "--db", db, "--min-versions", "0").returncode == 2
    assert polywire("entities", "--db", db, "--limit", "0").returncode == 2


def test_a_bad_setting_is_named(tmp_path: Path) -> None:
    result = polywire("stories", "--db", str(tmp_path / "x.db"), env={"POLYWIRE_BATCH_SIZE": "1.5"})
    assert result.returncode == 2
    assert "Bad setting: POLYWIRE_BATCH_SIZE='1.5': must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_of_unlabelled_data_says_why(tmp_path: Path) -> None:
    data = tmp_path / "nolabel.jsonl"
    data.write_text(json.dumps({"text": "A headline\n\nA body without a gold label."}) + "\n")
    result = polywire("eval", str(data), env={"POLYWIRE_DB": str(tmp_path / "x.db")})
    assert result.returncode == 1
    assert "Cannot use the input:" in result.stderr and "no gold label 'story'" in result.stderr
    assert "Traceback" not in result.stderr
