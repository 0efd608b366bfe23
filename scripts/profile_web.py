"""What each web endpoint costs the server, in process, one request at a time.

Usage: .venv/bin/python scripts/profile_web.py STORE [--requests 200] [--profile FOLDER]

Serves an SQLite store built already (``bench_web.py``'s corpus, ingested once) through the
app in this process and thread: FastAPI's thread pool is bypassed, so that cProfile sees
every call. Prints the CPU time per request of each endpoint (``noop``, a static file, is
the framework's share); with ``--profile``, writes one cProfile file per endpoint there.
A shared machine changes these figures less than it changes ``make bench-web``'s.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import fastapi.dependencies.utils
import fastapi.routing
import httpx

from bench_web import QUERIES
from polywire.config import Settings
from polywire.web import create_app

T = TypeVar("T")


async def _inline(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return call(*args, **kwargs)


async def measure(db: str, requests: int, profiles: Path | None) -> None:
    app = create_app(Settings.from_env(db=db))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://app") as http,
    ):
        stories, offset = [], 0
        while offset is not None:
            page = (await http.get(f"/api/stories?limit=200&offset={offset}")).json()
            stories += [card["summary"]["id"] for card in page["items"]]
            offset = page["next_offset"]
        endpoints: dict[str, Callable[[random.Random], str]] = {
            "story_page": lambda rng: f"/stories/{rng.choice(stories)}",
            "list_page": lambda rng: f"/?page={rng.randrange(1, 6)}",
            "search_page": lambda rng: f"/search?q={rng.choice(QUERIES)}",
            "story_api": lambda rng: f"/api/stories/{rng.choice(stories)}",
            "list_api": lambda rng: f"/api/stories?limit=20&offset={rng.randrange(5) * 20}",
            "search_api": lambda rng: f"/api/search?q={rng.choice(QUERIES)}",
            "noop": lambda rng: "/static/style.css",
        }
        for query in QUERIES:  # each query embedded once, as a warm server has
            await http.get("/api/search", params={"q": query})
        for name, path_for in endpoints.items():
            rng, profile = random.Random(1), cProfile.Profile()
            start = time.process_time()
            for _ in range(requests):
                response = await http.get(path_for(rng))
                response.raise_for_status()
            cost = (time.process_time() - start) * 1000 / requests
            print(f"{name}: {cost:.2f} ms CPU per request", flush=True)
            if profiles:
                rng = random.Random(1)
                profile.enable()
                for _ in range(requests):
                    await http.get(path_for(rng))
                profile.disable()
                profile.dump_stats(profiles / f"{name}.prof")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path, help="an SQLite store (copied: it is not changed)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", type=Path, help="a folder for cProfile files")
    args = parser.parse_args()
    # Every route runs here, not on a worker thread cProfile would not see.
    fastapi.routing.run_in_threadpool = _inline  # type: ignore[attr-defined,assignment]
    fastapi.dependencies.utils.run_in_threadpool = _inline  # type: ignore[attr-defined,assignment]
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "web.db")
        shutil.copy(args.store, db)
        asyncio.run(measure(db, args.requests, args.profile))


if __name__ == "__main__":
    main()
