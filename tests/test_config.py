from __future__ import annotations

import pytest

from polywire.config import Settings


def test_environment_then_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLYWIRE_DB", "/data/news.db")
    monkeypatch.setenv("POLYWIRE_BATCH_SIZE", "8")
    settings = Settings.from_env(batch_size=None, window_days=7.0)
    assert (settings.db, settings.batch_size, settings.window_days) == ("/data/news.db", 8, 7.0)
    assert Settings.from_env(db="other.db").db == "other.db"
