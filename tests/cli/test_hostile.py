"""Hostile sources as a user meets them: links that look like markup, sources that drip."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from polywire.store import open_store
from tests.cli.test_commands import polywire
from tests.conftest import ROOT
from tests.ingest.hostile_server import HostileSite, hostile_site
from tests.network import free_port

LOCAL = {"POLYWIRE_ALLOW_PRIVATE": "1", "POLYWIRE_HOST_DELAY": "0", "POLYWIRE_FETCH_RETRIES": "0"}


@pytest.fixture
def site() -> Iterator[HostileSite]:
    with hostile_site() as running:
        yield running


def test_links_that_look_like_markup_are_printed_as_they_are(
    tmp_path: Path, site: HostileSite
) -> None:
    db = str(tmp_path / "markup.db")
    assert polywire("feeds", "add", f"{site.base}/feed.xml", "--db", db, env=LOCAL).returncode == 0
    for _ in range(2):  # the 500s leave the items unseen: the next start meets them again
        watched = polywire("watch", "--cycles", "1", "--db", db, env=LOCAL)
        assert watched.returncode == 0, watched.stderr
        assert "MarkupError" not in watched.stderr
        assert f"{site.base}/news/[/]broken: HTTP 500" in watched.stderr
        assert f"{site.base}/news/[fd00::2]/item" in watched.stderr
        assert f"{site.base}/news/[bold]x" in watched.stderr
    failed = polywire("ingest", f"{site.base}/news/[/]x", "--db", db, env=LOCAL)
    assert failed.returncode == 1
    assert f"failed {site.base}/news/[/]x: HTTP 500" in failed.stderr


def test_ingest_of_a_dripping_page_returns_after_the_deadline(
    tmp_path: Path, site: HostileSite
) -> None:
    env = {**LOCAL, "POLYWIRE_FETCH_DEADLINE": "2"}
    ingesting = subprocess.Popen(
        [sys.executable, "-m", "polywire", "ingest", f"{site.base}/drip/page"],
        env={
            **os.environ,
            **env,
            "PYTHONPATH": str(ROOT / "src"),
            "POLYWIRE_DB": str(tmp_path / "d.db"),
        },
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    asked = _first_request(site, ingesting)
    _, err = ingesting.communicate(timeout=60)
    assert time.monotonic() - asked < 2 + 3
    assert ingesting.returncode == 1
    assert "no complete answer within 2 s" in err


def test_watch_stops_within_seconds_of_sigterm_while_a_feed_drips(
    tmp_path: Path, site: HostileSite
) -> None:
    db = str(tmp_path / "drip.db")
    with open_store(db) as store:
        store.add_feed(f"{site.base}/drip/feed.xml", "drip")
        store.add_feed(f"{site.base}/feed.xml", "fine")
    watching = subprocess.Popen(
        [sys.executable, "-m", "polywire", "watch", "--interval", "1s", "--db", db],
        env={**os.environ, **LOCAL, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _first_request(site, watching)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(p.startswith("/news/") for p, _ in site.requests):
        time.sleep(0.05)  # the other feed is polled while the dripping one is read
    assert any(p.startswith("/news/") for p, _ in site.requests)
    watching.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    out, err = watching.communicate(timeout=30)
    assert time.monotonic() - signalled < 5
    assert watching.returncode == 0, err
    assert "Stopped." in out


def _first_request(site: HostileSite, process: subprocess.Popen[str]) -> float:
    """When the process (once its models loaded) asked the site for something."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not site.requests and process.poll() is None:
        time.sleep(0.05)
    assert site.requests, "the process never reached the site"
    return time.monotonic()


def test_an_id_beyond_64_bits_is_no_story(tmp_path: Path) -> None:
    db = str(tmp_path / "ids.db")
    open_store(db).close()
    for command in ("show", "versions"):
        shown = polywire(command, "99999999999999999999999", "--db", db)
        assert shown.returncode == 1
        assert "No story 99999999999999999999999" in shown.stderr
        assert "Traceback" not in shown.stderr


def test_a_damaged_or_newer_store_is_refused_in_one_line(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database " * 500)
    listed = polywire("stories", "--db", str(damaged))
    assert listed.returncode == 1
    assert "Cannot use the store:" in listed.stderr and "damaged" in listed.stderr
    assert "Traceback" not in listed.stderr
    assert damaged.read_bytes() == b"not a database " * 500


def test_a_folder_with_nothing_to_read_says_why_and_fails(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "page.pdf").write_bytes(b"%PDF-1.4")
    (folder / "notes.docx").write_bytes(b"PK")
    ingested = polywire("ingest", str(folder), "--db", str(tmp_path / "empty.db"))
    assert ingested.returncode == 1
    assert "nothing to read: the folder holds only .docx, .pdf files" in ingested.stderr


def test_serve_warns_when_it_listens_beyond_loopback_with_open_reads(tmp_path: Path) -> None:
    db, port = str(tmp_path / "serve.db"), str(free_port())
    open_store(db).close()
    serving = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "polywire",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            port,
            "--db",
            db,
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serving.stderr is not None
        lines = [serving.stderr.readline()]
        while "Serving" not in lines[-1] and lines[-1]:
            lines.append(serving.stderr.readline())
    finally:
        serving.kill()
        serving.wait()
    first = " ".join(" ".join(lines).split())
    assert "0.0.0.0 is reachable from other machines and reads are open" in first
    assert "POLYWIRE_OPEN_READS=0" in first
