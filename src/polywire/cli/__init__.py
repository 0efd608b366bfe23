"""The ``polywire`` command line: one module per group of commands, all on one Typer app."""

import sys

from polywire.cli import entities, evaluate, feeds, follow, ingest, serve, stories
from polywire.cli.common import app, err, safe
from polywire.store import StoreUnusable

__all__ = [
    "app",
    "entities",
    "evaluate",
    "feeds",
    "follow",
    "ingest",
    "main",
    "serve",
    "stories",
]


def main() -> None:
    try:
        app()
    except StoreUnusable as exc:
        err.print(f"[red]Cannot use the store:[/] {safe(exc)}", highlight=False)
        sys.exit(1)
