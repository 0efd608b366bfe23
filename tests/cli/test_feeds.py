"""`polywire feeds` and `polywire watch` as a user runs them, against a local news site."""

from __future__ import annotations

import json
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
from tests.ingest.news_server import NewsSite, news_site

# Tests serve on loopback, so they opt in; no pause between requests to one host.
LOCAL = {"POLYWIRE_ALLOW_PRIVATE": "1", "POLYWIRE_HOST_DELAY": "0"}


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with news_site() as running:
        yield running


def test_feeds_are_added_found_listed_and_removed(tmp_path: Path, site: NewsSite) -> None:
    db = str(tmp_path / "f.db")
    added = polywire("feeds", "add", f"{site.base}/home", "--name", "Home", "--db", db, env=LOCAL)
    assert added.returncode == 0, added.stderr
    assert f"{site.base}/rss.xml (found on {site.base}/home)" in added.stdout
    refused = polywire("feeds", "add", f"{site.base}/en/quake", "--db", db, env=LOCAL)
    assert refused.returncode == 1
    assert "neither a feed nor a page that links to one" in refused.stderr
    unsafe = polywire("feeds", "add", f"{site.base}/rss.xml", "--db", db)
    assert "non-public address 127.0.0.1" in unsafe.stderr

    listed = json.loads(polywire("feeds", "list", "--db", db, "--json").stdout)
    assert [(f["name"], f["url"], f["items_seen"]) for f in listed] == [
        ("Home", f"{site.base}/rss.xml", 0)
    ]
    assert polywire("feeds", "remove", f"{site.base}/rss.xml", "--db", db).returncode == 0
    assert json.loads(polywire("feeds", "list", "--db", db, "--json").stdout) == []
    assert "No feed" in polywire("feeds", "remove", "http://nope.example/", "--db", db).stderr


def test_watch_ingests_everything_once_and_stops_cleanly_on_sigterm(
    tmp_path: Path, site: NewsSite
) -> None:
    db = str(tmp_path / "w.db")
    for path in ("/rss.xml", "/atom.xml", "/broken.xml"):
        assert polywire("feeds", "add", f"{site.base}{path}", "--db", db, env=LOCAL).returncode in (
            0,
            1,
        )
    watching = subprocess.Popen(
        [sys.executable, "-m", "polywire", "watch", "--interval", "1s", "--db", db],
        env={**os.environ, **LOCAL},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and site.hits["/rss.xml"] < 3:
        time.sleep(0.1)  # three polls of the RSS feed: the first, then two 304s
    watching.send_signal(signal.SIGTERM)
    out, err = watching.communicate(timeout=60)
    assert watching.returncode == 0, err
    assert "SIGTERM: stopping after the current item" in err
    assert "Stopped." in out
    assert site.hits["/rss.xml"] >= 3
    assert {p: site.hits[p] for p in ("/en/quake", "/ru/quake", "/az/cable")} == {
        "/en/quake": 1,
        "/ru/quake": 1,
        "/az/cable": 1,
    }
    with open_store(db) as store:
        assert store.count_articles() == 3
        health = {feed.url.rsplit("/", 1)[1]: feed for feed in store.feeds()}
    assert set(health) == {"rss.xml", "atom.xml"}  # the broken feed was never added
    assert health["rss.xml"].items_seen == 2 and health["atom.xml"].items_seen == 1


def test_watch_without_a_store_or_with_a_busy_interval_says_so(tmp_path: Path) -> None:
    db = tmp_path / "ghost.db"
    missing = polywire("watch", "--db", str(db))
    assert missing.returncode == 1
    assert f"No store at {db}" in missing.stderr and "polywire feeds add URL --db" in missing.stderr
    assert not db.exists()
    assert polywire("watch", "--interval", "0s", "--db", str(db)).returncode == 2
    assert polywire("watch", "--cycles", "0", "--db", str(db)).returncode == 2
