"""Following runs against real receivers on 127.0.0.1: the private-address allowance is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from polywire.config import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        db=str(tmp_path / "polywire.db"),
        allow_private=True,
        webhook_timeout=3.0,
        webhook_retries=2,
        webhook_backoff=0.05,
    )
