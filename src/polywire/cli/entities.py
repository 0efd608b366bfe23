"""``polywire entities``: people, places and organisations, linked across scripts."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from polywire.cli.common import (
    DbOption,
    JsonOption,
    app,
    jsonable,
    load_story,
    out,
    require_store,
    safe,
)
from polywire.config import Settings
from polywire.store import open_store


@app.command()
def entities(
    story: Annotated[
        int | None, typer.Option("--story", help="Only the entities of this story.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many entities.")] = 50,
    min_versions: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Only entities at least this many articles name, or places "
            "(default: POLYWIRE_ENTITY_MIN_VERSIONS, 2); 1 lists every one.",
        ),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List entities, named in the most languages first, with every form they were written in.

    One entity gathers its spellings in every script and its inflected forms:
    Лукашенко, Lukaşenko, Lukashenko and لوكاشينكو are one row.
    """
    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        if story is not None:
            load_story(store, settings, story)
        versions = min_versions or settings.entity_min_versions
        found = store.entities(story_id=story, limit=limit, min_versions=versions)
    if as_json:
        out.print_json(json.dumps(jsonable([asdict(entity) for entity in found])))
        return
    scope = f" in story {story}" if story is not None else ""
    table = Table(title=f"{len(found)} entities{scope}", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("id", "entity", "articles", "forms by language"):
        table.add_column(column, overflow="fold")
    for entity in found:
        forms = "  ".join(f"{lang}: {', '.join(f)}" for lang, f in entity.forms.items())
        table.add_row(str(entity.id), safe(entity.label), str(entity.articles), safe(forms))
    out.print(table)
