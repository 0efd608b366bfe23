"""``polywire follow`` (add, list, remove, log): subjects told as they arrive, by feed and
webhook."""

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
from polywire.follow.describe import subject
from polywire.follow.subscribe import find_entity, new_subscription, storage, subscribe
from polywire.store import open_store

follow_app = typer.Typer(
    help="Follow a subject: a query in any language and/or an entity, told as new stories "
    "arrive (`ingest`, `watch`) in an Atom feed that `polywire serve` serves, and by webhook.",
    no_args_is_help=True,
)
app.add_typer(follow_app, name="follow")


@follow_app.command("add")
def add(
    query: Annotated[
        str | None,
        typer.Argument(
            help="Words in any language: a Russian query finds Azerbaijani or Arabic stories too.",
            show_default=False,
        ),
    ] = None,
    entity: Annotated[
        str | None,
        typer.Option(
            help="A person, place or organisation: its id from `polywire entities`, or any form "
            "of its name (Lukashenko, Лукашенко); every form in every script matches.",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(help="Only stories with an article in this language (en, ru, az, ar…)."),
    ] = None,
    site: Annotated[str | None, typer.Option(help="Only stories this site carried.")] = None,
    headline_lang: Annotated[
        str | None,
        typer.Option(
            help="Name each story by its headline in this language where it has one "
            "(default: --lang, else the query's language)."
        ),
    ] = None,
    webhook: Annotated[
        str | None,
        typer.Option(
            help="POST a signed JSON body to this http(s) URL when a story matches or gains a "
            "language. Private addresses need POLYWIRE_ALLOW_PRIVATE=1.",
        ),
    ] = None,
    db: DbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the subscription, with its secret, as JSON.")
    ] = False,
) -> None:
    """Follow a subject. Stories stored already that match start its feed (no webhook for them).

    Give a query, an entity, or both (then a story must match both).
    """
    settings = Settings.from_env(db=db)
    with open_store(settings.db) as store:  # a subject may be followed before any ingest
        try:
            named = find_entity(store, entity) if entity else None
            new = new_subscription(
                store, settings, query, named, lang, site, headline_lang, webhook
            )
            searcher = None
            if new.query:
                from polywire.embed import get_encoder
                from polywire.search import Searcher

                with err.status("Loading the embedding model…"):
                    searcher = Searcher(get_encoder(settings.encoder), settings.search_cutoff)
            followed = subscribe(store, new, searcher)
        except BadInput as exc:
            err.print(f"[red]Cannot follow:[/] {safe(exc)}", highlight=False)
            raise typer.Exit(1) from None
        told = len(storage(store).matches(followed.id))
    if as_json:
        out.print_json(json.dumps(jsonable(asdict(followed))))
        return
    feed = f"{settings.public_url.rstrip('/')}/follow/{followed.id}.atom"
    out.print(
        f"Following {followed.id}: {safe(subject(followed))}. "
        f"{plural(told, 'story', 'stories')} match already.\n"
        f"Feed (while `polywire serve` runs): {safe(feed)}",
        highlight=False,
    )
    if followed.secret:
        out.print(
            f"Webhook: {safe(followed.webhook_url)}\n"
            f"Secret (check X-Polywire-Signature, sha256 HMAC of the body): {followed.secret}",
            highlight=False,
        )


@follow_app.command("list")
def list_subscriptions(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every followed subject: its filters, webhook, and the stories it has told."""
    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        kept = storage(store)
        followed = [(sub, kept.matches(sub.id)) for sub in kept.subscriptions()]
    if as_json:
        rows = [{**asdict(sub), "stories": [m.story for m in matches]} for sub, matches in followed]
        out.print_json(json.dumps(jsonable(rows)))
        return
    table = Table(
        title=plural(len(followed), "subject") + " followed",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in ("id", "subject", "headlines in", "webhook", "stories", "last told"):
        table.add_column(column, overflow="fold")
    for sub, matches in followed:
        table.add_row(
            str(sub.id),
            safe(subject(sub)),
            sub.headline_lang or "",
            safe(sub.webhook_url or ""),
            str(len(matches)),
            when(matches[0].updated) if matches else "never",
        )
    out.print(table, highlight=False)


@follow_app.command("remove")
def remove(
    subscription: Annotated[int, typer.Argument(help="Its id, from `polywire follow list`.")],
    db: DbOption = None,
) -> None:
    """Stop following a subject; its feed and delivery log go with it."""
    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        removed = storage(store).remove_subscription(subscription)
    if not removed:
        err.print(f"[red]No subscription {subscription}.[/] See `polywire follow list`.")
        raise typer.Exit(1)
    out.print(f"Stopped following {subscription}.")


@follow_app.command("log")
def log(
    subscription: Annotated[int, typer.Argument(help="Its id, from `polywire follow list`.")],
    limit: Annotated[int, typer.Option(min=1, help="At most this many attempts.")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A subscription's webhook deliveries, newest first: every attempt and its answer."""
    settings = Settings.from_env(db=db)
    require_store(settings)
    with open_store(settings.db) as store:
        kept = storage(store)
        if not any(sub.id == subscription for sub in kept.subscriptions()):
            err.print(f"[red]No subscription {subscription}.[/] See `polywire follow list`.")
            raise typer.Exit(1)
        attempts = kept.deliveries(subscription, limit)
    if as_json:
        out.print_json(json.dumps(jsonable([asdict(a) for a in attempts])))
        return
    table = Table(
        title=plural(len(attempts), "delivery attempt"), title_justify="left", box=box.SIMPLE_HEAD
    )
    for column in ("at", "story", "event", "attempt", "answer"):
        table.add_column(column, overflow="fold")
    for a in attempts:
        answer = f"[red]{safe(a.error)}[/]" if a.error else f"[green]{a.status}[/]"
        table.add_row(when(a.at), str(a.story), a.event, str(a.attempt), answer)
    out.print(table, highlight=False)
