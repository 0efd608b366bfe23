"""``polywire show`` of a story a consolidation absorbed shows the story that absorbed it."""

from __future__ import annotations

import json
from pathlib import Path

from polywire.model import Assignment, Regrouping
from polywire.store import open_store
from tests.cli.test_commands import polywire
from tests.store.test_backends import new


def test_show_follows_an_absorbed_story_and_says_so(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    with open_store(db) as store:
        first, second = (store.add(new(n), Assignment(None, None, None)) for n in (1, 2))
        store.regroup(Regrouping(merged={first.story: second.story}))
    shown = polywire("show", str(first.story), "--db", db, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["summary"]["id"] == second.story
    assert f"Story {first.story} was merged into story {second.story}." in shown.stderr
    text = polywire("show", str(first.story), "--db", db)
    assert "Title 1" in text.stdout and "Title 2" in text.stdout
    missing = polywire("show", "999", "--db", db)
    assert missing.returncode == 1 and "No story 999" in missing.stderr
