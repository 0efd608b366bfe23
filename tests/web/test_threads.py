"""The web server answers ``read_threads`` requests at once, not the framework's forty."""

from __future__ import annotations

import asyncio
from pathlib import Path

from anyio import to_thread

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.store import open_store
from polywire.web import create_app


def test_the_server_answers_read_threads_requests_at_once(tmp_path: Path, encoder: Encoder) -> None:
    db = str(tmp_path / "threads.db")
    open_store(db).close()
    app = create_app(Settings(db=db, read_threads=3), encoder)

    async def started() -> float:
        async with app.router.lifespan_context(app):
            return to_thread.current_default_thread_limiter().total_tokens

    assert asyncio.run(started()) == 3
