"""``polywire stories``, ``show`` and ``versions``: reading what the store holds."""

from __future__ import annotations

import json
import shlex
from dataclasses import asdict
from datetime import datetime
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from polywire.cli.common import (
    DbOption,
    JsonOption,
    LangOption,
    StoryArgument,
    app,
    day,
    err,
    jsonable,
    load_story,
    out,
    plural,
    require_store,
    safe,
    when,
)
from polywire.cluster.span import story_time
from polywire.config import Settings
from polywire.model import ArticleRow, StoryDetail, StorySummary
from polywire.store import Store, open_store
from polywire.timeutil import utc


@app.command()
def stories(
    db: DbOption = None,
    lang: LangOption = None,
    since: Annotated[
        datetime | None, typer.Option("--since", help="Only stories active since this date.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many stories.")] = 50,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print one JSON array of stories: id, headline, languages, articles, "
            "first_seen, last_seen.",
        ),
    ] = False,
) -> None:
    """List stories, most recently active first."""
    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        found = store.stories(
            lang=lang,
            since=utc(since) if since else None,
            limit=limit,
        )
    if as_json:
        out.print_json(json.dumps(jsonable([asdict(summary) for summary in found])))
        return
    out.print(stories_table(found, out.width))
    if found:
        # Hints a user can paste: this store, and a language and day it holds.
        top, store_option = found[0], f" --db {safe(shlex.quote(db))}" if db else ""
        out.print(
            f"Look inside one: [bold]polywire show {top.id}{store_option}[/]  · filter: "
            f"[bold]polywire stories --lang {top.languages[0]} "
            f"--since {top.first_seen.date()}{store_option}[/]"
        )


@app.command()
def show(story_id: StoryArgument, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show one story: its families (same text) and their articles in every language."""
    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        detail = load_story(store, settings, story_id)
    if as_json:
        event = story_time(row.event for row in detail.articles)
        out.print_json(json.dumps(jsonable({**asdict(detail), "event": asdict(event)})))
        return
    _print_story(detail)


@app.command()
def versions(
    story_id: StoryArgument,
    align: Annotated[
        tuple[int, int] | None,
        typer.Option(
            "--align",
            help="Two article ids: show them side by side, sentence by sentence.",
            metavar="A B",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Show each family's original, what every other version is of it, and what it was made from.

    The original is the version published before every other dated one; when no
    version is, it is unknown, and the first stored stands in. Each version is
    aligned with it sentence by sentence: a translation has nearly all its
    sentences aligned, a copy shares most of its words; the share is shown. Its
    source is the version it follows sentence for sentence, or unknown. Sentence
    vectors are made once and kept. --align shows two versions side by side.
    """
    from polywire.embed import get_encoder
    from polywire.link import judged_tree

    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        detail = load_story(store, settings, story_id)
        if align is not None:
            _print_alignment(store, settings, detail, align)
            return
        out.print(
            f"[bold]Story {detail.summary.id}[/] · {safe(detail.summary.headline)}",
            highlight=False,
        )
        encoder = get_encoder(settings.encoder)
        for family, rows in detail.families.items():
            out.print(f"\n[bold]Family {family}[/]")
            with err.status(f"Comparing the {plural(len(rows), 'version')} of family {family}…"):
                links = judged_tree(rows, store, encoder)
            original = links[0].original if links else rows[0]
            role = "original" if not links or links[0].original_known else "original unknown"
            out.print(f"  {_version_line(original)}  [green]({role})[/]", highlight=False)
            for link in links:
                share = f", {link.confidence:.0%}" if link.confidence is not None else ""
                source = f"from #{link.source.id}" if link.source else "source unknown"
                out.print(
                    f"    → {_version_line(link.version)}  [cyan]({link.kind}{share}, {source})[/]",
                    highlight=False,
                )


def _version_line(row: ArticleRow) -> str:
    return f"#{row.id} {row.lang} · {row.date_label} · {safe(row.title)}"


def _print_alignment(
    store: Store, settings: Settings, detail: StoryDetail, ids: tuple[int, int]
) -> None:
    from polywire.embed import get_encoder
    from polywire.link import align_articles

    in_story = {row.id for rows in detail.families.values() for row in rows}
    missing = [i for i in ids if i not in in_story]
    if missing:
        err.print(f"[red]Article {missing[0]} is not in story {detail.summary.id}.[/]")
        raise typer.Exit(1)
    with err.status("Aligning sentences…"):
        aligned = align_articles(ids, store, get_encoder(settings.encoder))
    table = Table(box=box.SIMPLE_HEAD, show_lines=True)
    table.add_column(f"#{ids[0]}", ratio=1)
    table.add_column(f"#{ids[1]}", ratio=1)
    only = "[dim italic]only in the other version[/]"
    for bead in aligned.beads:
        a = " ".join(aligned.left[i] for i in bead.left)
        b = " ".join(aligned.right[j] for j in bead.right)
        table.add_row(safe(a) if a else only, safe(b) if b else only)
    out.print(table)


def stories_table(found: list[StorySummary], width: int) -> Table:
    """One row per story in ``width`` columns: the headline is cut to fit, nothing else."""
    rows = [
        (str(s.id), " ".join(s.languages), str(s.articles), day(s.first_seen), day(s.last_seen))
        for s in found
    ]
    header = ("id", "languages", "articles", "first", "last")
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    table = Table(
        title=plural(len(found), "story", "stories"), title_justify="left", box=box.SIMPLE_HEAD
    )
    for name, column_width in zip(header, widths, strict=True):
        table.add_column(name, no_wrap=True, min_width=column_width)
    # Each column takes its cells plus one space of padding on either side and a separator.
    room = max(12, width - sum(widths) - 3 * (len(widths) + 1))
    table.add_column("headline", no_wrap=True, overflow="ellipsis", max_width=room)
    for row, story in zip(rows, found, strict=True):
        table.add_row(*row, safe(story.headline))
    return table


def _print_story(detail: StoryDetail) -> None:
    s = detail.summary
    out.print(f"[bold]Story {s.id}[/] · thread {detail.thread} · {safe(s.headline)}")
    out.print(
        f"{plural(s.articles, 'article')} in {', '.join(s.languages)} · "
        f"{when(s.first_seen)} – {when(s.last_seen)} UTC "
        "(publication times; first-seen times of undated articles)"
    )
    event = story_time(row.event for row in detail.articles)
    if event.day is None:
        out.print("Event date unknown: no article names or gives one")
    else:
        span = f" · event dates span {event.first} – {event.last}"
        span = span if event.first != event.last else ""
        out.print(f"Event {event.day}{span}")
    for family, rows in detail.families.items():
        table = Table(title=f"Family {family}: the same text in {plural(len(rows), 'version')}")
        for column in ("article", "lang", "title", "source", "date"):
            table.add_column(column, overflow="fold")
        for row in sorted(rows, key=lambda r: r.lang):
            table.add_row(
                str(row.id),
                row.lang,
                safe(row.title),
                safe(row.url or row.site or row.source),
                row.date_label,
            )
        out.print(table)
