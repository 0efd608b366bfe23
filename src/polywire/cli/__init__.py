"""The ``polywire`` command line: one module per group of commands, all on one Typer app."""

from polywire.cli import entities, evaluate, feeds, ingest, serve, stories
from polywire.cli.common import app

__all__ = ["app", "entities", "evaluate", "feeds", "ingest", "main", "serve", "stories"]


def main() -> None:
    app()
