"""``polywire feeds`` (add, list, remove) and ``polywire watch``: live monitoring."""

from __future__ import annotations

import json
import re
import shlex
import signal
from dataclasses import asdict
from types import FrameType
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from polywire.cli.common import (
    DbOption,
    JsonOption,
    app,
    claim_store,
    duration,
    err,
    jsonable,
    out,
    plural,
    require_store,
    safe,
    when,
)
from polywire.config import Settings
from polywire.errors import BadInput
from polywire.ingest.feeds import discover_feeds, parse_feed
from polywire.ingest.fetch import Fetcher
from polywire.ingest.watch import PollReport, Watcher
from polywire.store import is_server_url, open_store

feeds_app = typer.Typer(help="The RSS and Atom feeds `polywire watch` polls.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@feeds_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="A feed URL, or a page that links to its feed.")],
    name: Annotated[str | None, typer.Option(help="A name to show in `feeds list`.")] = None,
    db: DbOption = None,
) -> None:
    """Watch a feed. A page's own feed is found from its <link rel="alternate">."""
    settings = Settings.from_env(db=db)
    try:
        with Fetcher(settings) as fetcher:
            feed_url = _feed_url(url, fetcher)
    except BadInput as exc:
        err.print(f"[red]Cannot add {safe(url)}:[/] {safe(exc)}", highlight=False)
        raise typer.Exit(1) from None
    with open_store(settings.db) as store:
        feed = store.add_feed(feed_url, name)
    found = f" (found on {safe(url)})" if feed_url != url else ""
    out.print(f"Watching feed {feed.id}: {safe(feed.url)}{found}", highlight=False)


def _feed_url(url: str, fetcher: Fetcher) -> str:
    response = fetcher.get(url)
    try:
        parse_feed(response.content, response.url)
        return url
    except BadInput:
        found = discover_feeds(response.content, response.url)
        if not found:
            raise BadInput("neither a feed nor a page that links to one") from None
        parse_feed(fetcher.get(found[0]).content, found[0])
        return found[0]


@feeds_app.command("list")
def list_feeds(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every feed with its health: last success, last error, items ingested, mean delay."""
    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        feeds = store.feeds()
    if as_json:
        out.print_json(json.dumps(jsonable([asdict(feed) for feed in feeds])))
        return
    table = Table(title=plural(len(feeds), "feed"), title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("id", "feed", "last success", "last error", "items", "mean delay"):
        table.add_column(column, overflow="fold")
    for feed in feeds:
        error = f"{when(feed.last_error_at)} {safe(feed.last_error)}" if feed.last_error_at else ""
        delay = feed.mean_delay_seconds
        table.add_row(
            str(feed.id),
            f"{safe(feed.name)}\n{safe(feed.url)}" if feed.name else safe(feed.url),
            when(feed.last_success) if feed.last_success else "never",
            error,
            str(feed.items_seen),
            duration(delay) if delay is not None else "",
        )
    out.print(table, highlight=False)


@feeds_app.command("remove")
def remove(
    url: Annotated[str, typer.Argument(help="The feed's URL, as `feeds list` shows it.")],
    db: DbOption = None,
) -> None:
    """Stop watching a feed. What was ingested from it stays."""
    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        removed = store.remove_feed(url)
    if not removed:
        err.print(f"[red]No feed {safe(url)}.[/] See `polywire feeds list`.", highlight=False)
        raise typer.Exit(1)
    out.print(f"Stopped watching {safe(url)}.", highlight=False)


@app.command()
def watch(
    interval: Annotated[
        str, typer.Option(help="Time between polls: 90s, 10m, 1h.", show_default=True)
    ] = "10m",
    cycles: Annotated[
        int | None,
        typer.Option(min=1, help="Stop after this many polls (default: run until stopped)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Poll every feed, fetch new items and ingest them, until Ctrl-C or SIGTERM.

    A stop request takes effect after the item being ingested: nothing is left
    half-written.
    """
    from polywire.pipeline import Pipeline
    from polywire.snapshot import snapshot_path

    seconds = _duration(interval)
    settings = Settings.from_env(db=db)
    add = f"polywire feeds add URL{f' --db {shlex.quote(db)}' if db else ''}"
    if not is_server_url(settings.db) and not settings.db_path.exists():
        err.print(f"[red]No store at {safe(settings.db)}.[/] Add a feed: {safe(add)}")
        raise typer.Exit(1)
    with open_store(settings.db) as store, Fetcher(settings) as fetcher:
        feeds = store.feeds()
        if not feeds:
            err.print(f"[red]No feeds to watch.[/] Add one: {safe(add)}", highlight=False)
            raise typer.Exit(1)
        claim_store(store)
        with err.status("Loading the language and embedding models…"):
            pipeline = Pipeline(store, settings, snapshot=snapshot_path(settings.db))
        if pipeline.restored:
            err.print(safe(pipeline.restored), highlight=False)
        watcher = Watcher(store, pipeline, fetcher)

        def stop(signum: int, frame: FrameType | None) -> None:
            err.print(f"{signal.Signals(signum).name}: stopping after the current item…")
            watcher.request_stop()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        err.print(f"Watching {plural(len(feeds), 'feed')} every {interval}. Stop with Ctrl-C.")
        watcher.run(seconds, cycles, on_report=_print_poll)
        watcher.pipeline.close()
    out.print("Stopped.")


def _print_poll(report: PollReport) -> None:
    name = safe(report.feed.name or report.feed.url)
    if report.error:
        err.print(f"[red]{name}[/]: {safe(report.error)}", highlight=False)
    elif report.unchanged:
        err.print(f"{name}: unchanged", highlight=False)
    else:
        err.print(
            f"{name}: {report.ingested} ingested, {report.duplicates} known, "
            f"{len(report.failures)} failed",
            highlight=False,
        )
    for failure in report.failures:
        err.print(
            f"  [red]failed[/] {safe(failure.source)}: {safe(failure.reason)}", highlight=False
        )


def _duration(text: str) -> float:
    match = _DURATION.match(text.lower())
    if not match:
        raise typer.BadParameter(
            "use a number with s, m, h or d, e.g. 10m", param_hint="--interval"
        )
    seconds = float(match.group(1)) * _SECONDS[match.group(2)]
    if seconds < 1:
        raise typer.BadParameter("poll at most once a second", param_hint="--interval")
    return seconds
