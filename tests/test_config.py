from __future__ import annotations

import pytest

from polywire.config import Settings
from polywire.errors import BadSetting


def test_environment_then_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLYWIRE_DB", "/data/news.db")
    monkeypatch.setenv("POLYWIRE_BATCH_SIZE", "8")
    settings = Settings.from_env(batch_size=None, window_days=7.0)
    assert (settings.db, settings.batch_size, settings.window_days) == ("/data/news.db", 8, 7.0)
    assert Settings.from_env(db="other.db").db == "other.db"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("POLYWIRE_BATCH_SIZE", "abc", "must be a whole number"),
        ("POLYWIRE_WINDOW_DAYS", "a week", "must be a number"),
        ("POLYWIRE_RESPECT_ROBOTS", "ture", "use one of 1, true"),
    ],
)
def test_a_bad_value_is_named_not_guessed(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, said: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(BadSetting, match=f"{name}='{value}': {said}"):
        Settings.from_env()


def test_booleans_read_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLYWIRE_RESPECT_ROBOTS", "Off")
    assert Settings.from_env().respect_robots is False
    monkeypatch.setenv("POLYWIRE_RESPECT_ROBOTS", "YES")
    assert Settings.from_env().respect_robots is True
