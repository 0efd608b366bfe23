"""The ``polywire`` command line: one module per group of commands, all on one Typer app."""

import sys

from polywire.cli import entities, evaluate, feeds, follow, ingest, serve, stories
from polywire.cli.common import app, err, safe
from polywire.errors import BadInput, BadSetting
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
    except BadSetting as exc:
        err.print(f"[red]Bad setting:[/] {safe(exc)}", highlight=False)
        sys.exit(2)
    except BadInput as exc:  # a command's input as a whole: one file's failures are reported
        err.print(f"[red]Cannot use the input:[/] {safe(exc)}", highlight=False)
        sys.exit(1)
