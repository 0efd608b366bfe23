"""What every command shares: the app, consoles, common options and small helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from polywire import __version__
from polywire.catalogue import Catalogue
from polywire.config import Settings
from polywire.ingest import read_paths
from polywire.ingest.fetch import Fetcher
from polywire.language import known_tag
from polywire.model import Document, Failure, StoryDetail
from polywire.store import Store, is_server_url

app = typer.Typer(
    help="Polywire: find the same news story across languages, offline.\n\n"
    "Ingest articles, then list the stories they form and look inside one.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file or postgresql:// URL. \\[default: $POLYWIRE_DB or ./polywire.db]",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
StoryArgument = Annotated[int, typer.Argument(help="A story id from `polywire stories`.")]


# Terminal control characters (an ESC starts a sequence that rewrites the screen) and lone
# surrogates (which no terminal encoding can write); newlines and tabs stay.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def safe(value: object) -> str:
    """Text from outside (a URL, path, title or reason), ready to go inside rich markup.

    Printed as it is, never read as markup: ``[/]`` cannot crash the command and
    ``[fd00::2]`` is not swallowed as a tag; control characters show as escapes.
    """
    text = _UNPRINTABLE.sub(lambda m: ascii(m[0])[1:-1], str(value))
    return escape(text)


def _language(tag: str | None) -> str | None:
    try:
        return known_tag(tag) if tag is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Only stories with an article in this language (en, or eng).",
        callback=_language,
    ),
]


def _show_version(asked: bool) -> None:
    if asked:
        out.print(f"polywire {__version__}", highlight=False)
        raise typer.Exit()


# Options of ``polywire`` itself, before any command; the help text is the app's.
@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    pass


def read(file: Path | str, settings: Settings, fetcher: Fetcher) -> Iterator[Document | Failure]:
    return read_paths([file], settings.max_file_bytes, fetcher)


def load_story(store: Catalogue, settings: Settings, story_id: int) -> StoryDetail:
    """The story, or the one an absorbed story was merged into, saying so."""
    detail = store.story(story_id)
    into = store.story_moved_to(story_id) if detail is None else None
    if into is not None:
        err.print(f"Story {story_id} was merged into story {into}.", highlight=False)
        detail = store.story(into)
    if detail is None:
        err.print(
            f"[red]No story {story_id}[/] in {safe(settings.db)}. See `polywire stories`.",
            highlight=False,
        )
        raise typer.Exit(1)
    return detail


def require_store(settings: Settings) -> None:
    """Stop with a hint when an SQLite file is missing (a server store is checked on connect)."""
    if not is_server_url(settings.db) and not settings.db_path.exists():
        err.print(
            f"[red]No store at {safe(settings.db)}.[/] "
            "Ingest first: polywire ingest PATH --db FILE",
            highlight=False,
        )
        raise typer.Exit(1)


def claim_store(store: Store) -> None:
    """Make this process the store's one writer, saying so if another one must finish first.

    Two writers at once would each cluster without the other's articles and split
    stories between them; one after the other, the second sees all the first stored.
    """
    if not store.claim_writer(wait=False):
        err.print("Another ingest or watch is writing to this store; waiting for it to finish…")
        store.claim_writer(wait=True)


def day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 version", "2 versions"."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def duration(seconds: float) -> str:
    """A span of time in the unit that reads best: 40 s, 12 min, 3.5 h, 37 days."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"
