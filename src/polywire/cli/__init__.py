"""The ``polywire`` command line: one module per group of commands, all on one Typer app."""

from polywire.cli import evaluate, feeds, ingest, stories
from polywire.cli.common import app

__all__ = ["app", "evaluate", "feeds", "ingest", "main", "stories"]


def main() -> None:
    app()
