"""``polywire follow`` as a user runs it, with ingest telling a real receiver on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_commands import polywire
from tests.conftest import SEEDS
from tests.follow.receiver import Receiver

QUERY = "Беларусь и Азербайджан укрепляют двусторонние связи"
OPEN = {"POLYWIRE_ALLOW_PRIVATE": "1", "POLYWIRE_WEBHOOK_BACKOFF": "0.05"}


def test_follow_a_subject_then_hear_of_it_as_it_grows(tmp_path: Path) -> None:
    db = str(tmp_path / "follow.db")
    assert polywire("ingest", *map(str, SEEDS.glob("001_*.txt")), "--db", db).returncode == 0
    with Receiver() as receiver:
        added = polywire(
            "follow", "add", QUERY, "--webhook", receiver.url, "--db", db, "--json", env=OPEN
        )
        assert added.returncode == 0, added.stderr
        sub = json.loads(added.stdout)
        assert sub["headline_lang"] == "ru" and len(sub["secret"]) == 64

        listed = json.loads(polywire("follow", "list", "--db", db, "--json").stdout)
        assert [s["id"] for s in listed] == [sub["id"]]
        assert len(listed[0]["stories"]) == 1  # the Azerbaijani story, stored already

        grown = polywire("ingest", *map(str, SEEDS.glob("002_*.txt")), "--db", db, env=OPEN)
        assert grown.returncode == 0, grown.stderr
        assert "now also in ar" in grown.stderr
        # Already in the feed when followed, the story is told only as it grows.
        assert [r.json["event"] for r in receiver.received] == ["grown"]

    log = polywire("follow", "log", str(sub["id"]), "--db", db, "--json")
    assert [(d["event"], d["status"]) for d in json.loads(log.stdout)] == [("grown", 204)]
    assert polywire("follow", "remove", str(sub["id"]), "--db", db).returncode == 0
    gone = polywire("follow", "remove", str(sub["id"]), "--db", db)
    assert gone.returncode == 1 and "No subscription" in gone.stderr


def test_a_subscription_that_cannot_be_made_says_why(tmp_path: Path) -> None:
    db = str(tmp_path / "follow.db")
    assert polywire("follow", "list", "--db", db).returncode == 1  # no store yet
    assert polywire("ingest", *map(str, SEEDS.glob("001_*.txt")), "--db", db).returncode == 0
    for args, says in [
        ((), "give a query, an entity, or both"),
        (("--entity", "Nobody Atall"), "no entity is written “Nobody Atall”"),
        (("x", "--lang", "english"), "unknown language tag"),
        (("x", "--webhook", "http://127.0.0.1:9/"), "non-public address"),
        (("x", "--webhook", "ftp://example.org/"), "not an http(s) URL"),
    ]:
        result = polywire("follow", "add", *args, "--db", db)
        assert result.returncode == 1 and says in result.stderr.replace("\n", " "), result.stderr
    assert "0 subjects followed" in polywire("follow", "list", "--db", db).stdout
