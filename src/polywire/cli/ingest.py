"""``polywire ingest`` and ``polywire extract``: from files and URLs to clean articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from polywire.cli.common import (
    DbOption,
    app,
    claim_store,
    err,
    jsonable,
    out,
    plural,
    read,
    safe,
    when,
)
from polywire.config import Settings
from polywire.errors import BadInput
from polywire.follow.describe import subject
from polywire.ingest import documentation_files, input_files, read_paths, skipped_files
from polywire.ingest.fetch import Fetcher
from polywire.model import Document, Failure
from polywire.store import open_store

if TYPE_CHECKING:
    from polywire.pipeline import IngestReport, Pipeline


class Engine(StrEnum):
    local = "local"
    ray = "ray"


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders or http(s) URLs. Files: .txt, .html/.htm, .jsonl (one article "
            "per line) and .warc/.warc.gz. Folders are read recursively.",
            metavar="PATH_OR_URL",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    engine: Annotated[
        Engine,
        typer.Option(
            help="local: this process. ray: extract, language and embed as a Ray Data job "
            "over --workers (a local Ray instance, or the cluster at --address); clustering "
            "and storing stay in this process.",
        ),
    ] = Engine.local,
    workers: Annotated[int, typer.Option(min=1, help="Ray workers, each with its own model.")] = 2,
    address: Annotated[
        str | None,
        typer.Option(help="A Ray cluster to run on (ray://HOST:10001 or auto); with --engine ray."),
    ] = None,
) -> None:
    """Clean, cluster and store articles. Re-ingesting the same input adds nothing."""
    if engine is Engine.ray:
        # Before the pipeline: Ray's runtime has to load ahead of the vector index's.
        try:
            from polywire.parallel.ray_engine import ingest_on_ray
        except ImportError:
            err.print("[red]Ray is not installed.[/] pip install 'polywire[ray]'")
            raise typer.Exit(1) from None
    from polywire.pipeline import Pipeline
    from polywire.snapshot import snapshot_path

    settings = Settings.from_env(db=db)
    files = input_files(paths)
    skipped = skipped_files(paths)
    with open_store(settings.db) as store, Fetcher(settings) as fetcher:
        claim_store(store)
        with err.status("Loading the language and embedding models…"):
            pipeline = Pipeline(store, settings, snapshot=snapshot_path(settings.db))
        if pipeline.restored:
            err.print(safe(pipeline.restored), highlight=False)
        with Progress(
            TextColumn("[bold]Ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task("ingest", total=len(files))

            def documents() -> Iterator[Document | Failure]:
                max_bytes = settings.max_file_bytes
                yield from read_paths(files, max_bytes, fetcher, lambda: progress.advance(task))

            if engine is Engine.ray:
                read_all = list(documents())
                progress.update(task, description="ray")
                with err.status(f"Extracting and embedding on Ray ({workers} workers)…"):
                    report = ingest_on_ray(pipeline, read_all, workers, address)
            else:
                report = pipeline.ingest(documents())
        _tell(pipeline, report)
        stories = {p.story for p in report.ingested.values()}
        reused = f" ({len(report.near_duplicates)} with a known lead, not re-embedded)"
        out.print(
            f"[green]{len(report.ingested)} ingested[/]{reused if report.near_duplicates else ''} "
            f"into {plural(len(stories), 'story', 'stories')}, "
            f"{plural(len(report.duplicates), 'duplicate')} skipped, "
            f"[{'red' if report.failures else 'green'}]{len(report.failures)} failed[/]"
            f"{', ' + plural(len(skipped), 'file') + ' not read' if skipped else ''}. "
            f"Store: {safe(settings.db)} ({store.count_articles()} articles).",
            highlight=False,
        )
    for failure in report.failures:
        err.print(f"[red]failed[/] {safe(failure.source)}: {safe(failure.reason)}", highlight=False)
    for skip in skipped:
        err.print(f"[yellow]skipped[/] {safe(skip.source)}: {safe(skip.reason)}", highlight=False)
    say_documentation(paths)
    for note in report.notes:
        err.print(f"[yellow]note[/] {safe(note.source)}: {safe(note.reason)}", highlight=False)
    if not (report.ingested or report.duplicates or report.revisions):
        if not report.failures:
            err.print("[red]Nothing was read:[/] the inputs held no articles.")
        raise typer.Exit(1)


def say_documentation(paths: list[str]) -> None:
    """One quiet line for a folder's README and the like: not articles, and not worth a warning."""
    documents = documentation_files(paths)
    if documents:
        names = ", ".join(safe(path) for path in documents)
        err.print(f"[dim]not read, as documentation: {names}[/]", highlight=False)


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders or URLs, as for ingest. Nothing is stored.",
            metavar="PATH_OR_URL",
            show_default=False,
        ),
    ],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="One JSON object per article: source, title, published_at, lang, body, "
            "sentences (per paragraph), removed.",
        ),
    ] = False,
) -> None:
    """Show what Polywire makes of a page: the clean article and every line it dropped, and why."""
    from polywire.extract import extract as extract_article
    from polywire.extract.sentences import split_sentences
    from polywire.extract.zones import in_utc
    from polywire.language import article_language

    settings = Settings.from_env()
    failed = False
    files = input_files(paths)
    for skip in skipped_files(paths):
        err.print(f"[yellow]skipped[/] {safe(skip.source)}: {safe(skip.reason)}", highlight=False)
    say_documentation(paths)
    with Fetcher(settings) as fetcher:
        for item in (doc for file in files for doc in read(file, settings, fetcher)):
            try:
                if isinstance(item, Failure):
                    raise BadInput(item.reason)
                article, note = extract_article(item)
            except BadInput as exc:
                failed = True
                err.print(f"[red]failed[/] {safe(item.source)}: {safe(exc)}", highlight=False)
                continue
            lang = article_language(f"{article.title}\n{article.body}", article.lang)
            article = in_utc(replace(article, lang=lang))
            if as_json:
                record = {
                    "source": article.source,
                    "url": article.url,
                    "title": article.title,
                    "published_at": article.published_at,
                    "published_from": article.published_from,
                    "lang": lang,
                    "site": article.site,
                    "body": article.body,
                    "sentences": [split_sentences(p) for p in article.paragraphs],
                    "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
                }
                out.print_json(json.dumps(jsonable(record)), indent=None)
                continue
            out.rule(f"[bold]{safe(item.source)}")
            out.print(f"[bold]{safe(article.title)}[/]", highlight=False)
            moment = (
                f"published {when(article.published_at)} ({article.published_from})"
                if article.published_at
                else "undated"
            )
            origin = safe(article.site or article.url or "")
            out.print(f"[dim]{lang} · {moment} · {origin}[/]", highlight=False)
            out.print(safe(article.body.replace("\n", "\n\n")), highlight=False)
            for line in article.removed:
                out.print(
                    f"[dim red]− {safe(line.text)}[/]  [dim]({line.reason})[/]", highlight=False
                )
            if note:
                err.print(f"[yellow]note[/] {safe(item.source)}: {safe(note)}", highlight=False)
    if failed:
        raise typer.Exit(1)


def _tell(pipeline: Pipeline, report: IngestReport) -> None:
    """Say which followed subjects got news, and let their webhooks go before exiting."""
    webhooks = sum(1 for notice in report.told if notice.subscription.webhook_url)
    if webhooks:
        with err.status(f"Sending {plural(webhooks, 'webhook')}…"):
            pipeline.close()
    else:
        pipeline.close()
    for notice in report.told:
        what = (
            "new story"
            if notice.event == "new"
            else "now also in " + ", ".join(notice.new_languages)
        )
        err.print(
            f"[cyan]followed[/] {notice.subscription.id} ({safe(subject(notice.subscription))}): "
            f"story {notice.story}, {what}",
            highlight=False,
        )
