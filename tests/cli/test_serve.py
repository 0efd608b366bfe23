"""`polywire serve` as a user starts it: a real process answering on 127.0.0.1."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from polywire.store import open_store
from tests.cli.test_commands import polywire
from tests.conftest import CORPUS
from tests.network import free_port


def test_serve_shows_the_stories_of_the_store_until_stopped(tmp_path: Path) -> None:
    db = str(tmp_path / "serve.db")
    assert polywire("ingest", str(CORPUS), "--db", db).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "polywire", "serve", "--db", db, "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        front = _first_answer(f"http://127.0.0.1:{port}/")
        assert front.status_code == 200 and 'class="card"' in front.text
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
    assert f"Serving {db} on http://127.0.0.1:{port}/" in (
        server.stderr.read() if server.stderr else ""
    )


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = polywire("serve", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 1
    assert "No store at" in result.stderr


def test_serve_refuses_closed_reads_without_a_token(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(str(db)):
        pass  # an empty store of the current schema
    result = polywire("serve", "--db", str(db), env={"POLYWIRE_OPEN_READS": "0"})
    assert result.returncode == 2
    assert "no POLYWIRE_API_TOKEN is set" in result.stderr


def _first_answer(url: str) -> httpx.Response:
    deadline = time.monotonic() + 60
    while True:
        try:
            return httpx.get(url)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
