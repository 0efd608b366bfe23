"""Load on the web server over loopback (``make bench-web``).

Usage: .venv/bin/python scripts/bench_web.py [--articles 1000] [--clients 50] [--seconds 30]
       [--store FILE]   (serve an SQLite store built already, instead of ingesting)
       [--only TEXT]    (only the endpoints whose name holds TEXT, e.g. "page")
       [--no-write]     (print the table only: a run on a shared machine is no record)

A store is filled from ../shared/data (as in ``make bench``), ``polywire serve``
runs in its own process, and ``clients`` concurrent clients hit one endpoint
at a time for ``seconds``: the story list, one story and search, as pages and
as JSON. Nothing is opened before: the first request of each story is in the
run (cold), as ingest judged its versions and a page only reads. Requests/s,
p50 and p99 latency and errors are printed and written to docs/benchmarks.md,
with the machine's load average (other work on it slows the figures).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench import REPORT, ROOT, build_corpus
from report_section import write_section

QUERIES = [
    "землетрясение в Турции",
    "earthquake rescue teams",
    "Supreme Court nominee hearing",
    "Ryder Cup Europe wins",
    "tsunami Indonesia death toll",
    "Parlament Wahl Ergebnis",
    "zəlzələ xilasedicilər",
    "إعصار يضرب الساحل",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def load(
    base: str, path_for: Callable[[random.Random], str], clients: int, seconds: float
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client(number: int) -> None:
        nonlocal errors
        rng = random.Random(number)
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                response = await http.get(path_for(rng))
                latencies.append(time.perf_counter() - start)
                errors += response.status_code != 200

    start = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.perf_counter() - start
    ms = np.array(latencies) * 1000
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": float(np.percentile(ms, 50)),
        "p99": float(np.percentile(ms, 99)),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--store", type=Path, help="an SQLite store to serve as it is")
    parser.add_argument("--only", default="", help="only the endpoints whose name holds this")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md")
    args = parser.parse_args()
    polywire = str(Path(sys.executable).with_name("polywire"))
    with tempfile.TemporaryDirectory() as folder:
        corpus, db = Path(folder) / "corpus.jsonl", str(Path(folder) / "web.db")
        ingest_seconds = None
        if args.store:
            shutil.copy(args.store, db)
            with sqlite3.connect(db) as opened:
                args.articles = opened.execute("SELECT count(*) FROM articles").fetchone()[0]
        else:
            build_corpus(args.articles, corpus)
            print(f"ingesting {args.articles} articles…", flush=True)
            start = time.perf_counter()
            subprocess.run([polywire, "ingest", str(corpus), "--db", db], check=True)
            ingest_seconds = time.perf_counter() - start
        port = free_port()
        server = subprocess.Popen([polywire, "serve", "--db", db, "--port", str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            results = asyncio.run(measure(base, args.clients, args.seconds, server.pid, args.only))
        finally:
            server.terminate()
            server.wait()
    table = report(results, args, ingest_seconds)
    print(table)
    if args.no_write:
        return
    command = " ".join(["make bench-web", *sys.argv[1:]])
    write_section(REPORT, "web", "Web server under load", command, table)
    print(f"written to {REPORT.relative_to(ROOT)}")


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(
    base: str, clients: int, seconds: float, server: int, only: str = ""
) -> dict[str, dict[str, float]]:
    async with httpx.AsyncClient(base_url=base, timeout=300) as http:
        for _ in range(600):
            try:
                await http.get("/api/stories?limit=1")
                break
            except httpx.TransportError:
                await asyncio.sleep(0.1)
        stories = [card["summary"]["id"] for card in await _all_stories(http)]
    endpoints: dict[str, Callable[[random.Random], str]] = {
        "story page (GET /stories/ID), cold": lambda rng: f"/stories/{rng.choice(stories)}",
        "list page (GET /)": lambda rng: f"/?page={rng.randrange(1, 6)}",
        "search page (GET /search)": lambda rng: f"/search?q={rng.choice(QUERIES)}",
        "story (GET /api/stories/ID)": lambda rng: f"/api/stories/{rng.choice(stories)}",
        "list (GET /api/stories)": lambda rng: (
            f"/api/stories?limit=20&offset={rng.randrange(5) * 20}"
        ),
        "search (GET /api/search)": lambda rng: f"/api/search?q={rng.choice(QUERIES)}",
    }
    results = {}
    for name, path_for in endpoints.items():
        if only not in name:
            continue
        print(f"{name}: {clients} clients for {seconds:g} s…", flush=True)
        before = cpu_seconds(server)
        results[name] = await load(base, path_for, clients, seconds)
        results[name]["load"] = os.getloadavg()[0]
        # What a request costs the server, whatever else shares the cores.
        results[name]["cpu"] = (cpu_seconds(server) - before) * 1000 / results[name]["requests"]
    return results


async def _all_stories(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    cards, offset = [], 0
    while True:
        page = (await http.get(f"/api/stories?limit=200&offset={offset}")).json()
        cards += page["items"]
        if page["next_offset"] is None:
            return cards
        offset = page["next_offset"]


def report(
    results: dict[str, dict[str, float]], args: argparse.Namespace, ingest_seconds: float | None
) -> str:
    lines = [
        f"{args.clients} concurrent clients for {args.seconds:g} s per endpoint, on loopback, "
        f"against `polywire serve` (one process) on a store of {args.articles} articles; "
        "the clients run on the same 2 cores.",
        "",
        "| endpoint | requests/s | p50 | p99 | server CPU per request | errors | load average |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.0f} ms | {r['p99']:.0f} ms | "
            f"{r['cpu']:.1f} ms | {r['errors']:.0f} of {r['requests']:.0f} | {r['load']:.1f} |"
        )
    ingested = (
        f"Ingesting the {args.articles} articles (versions judged at ingest) took "
        f"{ingest_seconds:.0f} s. "
        if ingest_seconds is not None
        else f"The store was built beforehand ({args.store.name}). "
    )
    lines += [
        "",
        f"{ingested}The load average is the machine's over the last minute at the end of "
        f"each run, on {os.cpu_count()} cores: above that, other work shared the cores. "
        "The server's CPU per request is its CPU time over the run divided by the requests "
        "answered: what a request costs, however loaded the machine.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
