"""The ``polywire`` command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from polywire.config import Settings
from polywire.errors import BadInput
from polywire.evaluate import EvalReport, Scores
from polywire.ingest import input_files, read_paths
from polywire.model import ArticleRow, Document, Failure, StoryDetail, StorySummary
from polywire.store import Store, open_store
from polywire.timeutil import utc

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
    typer.Option("--db", help="SQLite file to use. \\[default: $POLYWIRE_DB or ./polywire.db]"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
StoryArgument = Annotated[int, typer.Argument(help="A story id from `polywire stories`.")]


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
) -> None:
    """Clean, cluster and store articles. Re-ingesting the same input adds nothing."""
    from polywire.pipeline import Pipeline

    settings = Settings.from_env(db=db)
    files = input_files(paths)
    with open_store(settings.db) as store:
        with err.status("Loading the language and embedding models…"):
            pipeline = Pipeline(store, settings)
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
                for file in files:
                    yield from _read(file, settings)
                    progress.advance(task)

            report = pipeline.ingest(documents())
        stories = {p.story for p in report.ingested.values()}
        out.print(
            f"[green]{len(report.ingested)} ingested[/] into {len(stories)} stories, "
            f"{len(report.duplicates)} duplicates skipped, "
            f"[{'red' if report.failures else 'green'}]{len(report.failures)} failed[/]. "
            f"Store: {settings.db} ({store.count_articles()} articles)."
        )
    for failure in report.failures:
        err.print(f"[red]failed[/] {failure.source}: {failure.reason}", highlight=False)
    for note in report.notes:
        err.print(f"[yellow]note[/] {note.source}: {note.reason}", highlight=False)
    if report.failures and not report.ingested and not report.duplicates:
        raise typer.Exit(1)


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
    from polywire.language import detect_language

    settings = Settings.from_env()
    failed = False
    for item in (doc for file in input_files(paths) for doc in _read(file, settings)):
        try:
            if isinstance(item, Failure):
                raise BadInput(item.reason)
            article, note = extract_article(item)
        except BadInput as exc:
            failed = True
            err.print(f"[red]failed[/] {item.source}: {exc}", highlight=False)
            continue
        lang = detect_language(f"{article.title}\n{article.body}")
        if as_json:
            record = {
                "source": article.source,
                "url": article.url,
                "title": article.title,
                "published_at": article.published_at,
                "lang": lang if lang != "und" else article.lang,
                "site": article.site,
                "body": article.body,
                "sentences": [split_sentences(p) for p in article.paragraphs],
                "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
            }
            out.print_json(json.dumps(_jsonable(record)), indent=None)
            continue
        out.rule(f"[bold]{item.source}")
        out.print(f"[bold]{article.title}[/]", highlight=False)
        when = _when(article.published_at) if article.published_at else "date unknown"
        out.print(f"[dim]{lang} · {when} · {article.site or article.url or ''}[/]")
        out.print(article.body.replace("\n", "\n\n"), highlight=False)
        for line in article.removed:
            out.print(f"[dim red]− {line.text}[/]  [dim]({line.reason})[/]", highlight=False)
        if note:
            err.print(f"[yellow]note[/] {item.source}: {note}", highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def stories(
    db: DbOption = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Only stories with an article in this language.")
    ] = None,
    since: Annotated[
        datetime | None, typer.Option("--since", help="Only stories active since this date.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many stories.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List stories, most recently active first."""
    settings = Settings.from_env(db=db)
    _require_store(settings)
    with open_store(settings.db) as store:
        found = store.stories(lang=lang, since=utc(since) if since else None, limit=limit)
    if as_json:
        for summary in found:
            out.print_json(json.dumps(_jsonable(asdict(summary))), indent=None)
        return
    out.print(stories_table(found, out.width))
    if found:
        out.print(
            f"Look inside one: [bold]polywire show {found[0].id}[/]  "
            "· filter: [bold]polywire stories --lang ru --since 2024-10-01[/]"
        )


@app.command()
def show(story_id: StoryArgument, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show one story: its families (same text) and their articles in every language."""
    settings = Settings.from_env(db=db)
    _require_store(settings)
    with open_store(settings.db) as store:
        detail = _story(store, settings, story_id)
    if as_json:
        out.print_json(json.dumps(_jsonable(asdict(detail))))
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
    """Show each family's original and its translations and copies; --align compares two."""
    from polywire.link import family_tree

    settings = Settings.from_env(db=db)
    _require_store(settings)
    with open_store(settings.db) as store:
        detail = _story(store, settings, story_id)
        if align is not None:
            _print_alignment(store, settings, detail, align)
            return
    out.print(f"[bold]Story {story_id}[/] · {detail.summary.headline}", highlight=False)
    for family, rows in detail.families.items():
        out.print(f"\n[bold]Family {family}[/]")
        links = family_tree(rows)
        original = links[0].original if links else rows[0]
        out.print(f"  {_version_line(original)}  [green](original)[/]", highlight=False)
        for link in links:
            out.print(
                f"    → {_version_line(link.version)}  [cyan]({link.kind})[/]", highlight=False
            )


def _version_line(row: ArticleRow) -> str:
    when = _when(row.published_at or row.ingested_at)
    return f"#{row.id} {row.lang} {when} {row.title}"


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
        table.add_row(escape(a) if a else only, escape(b) if b else only)
    out.print(table)


@app.command("eval")
def eval_command(
    path: Annotated[
        Path,
        typer.Argument(
            help="Labelled JSONL: one article per line with text/html and a gold label "
            "(`story`; `topic` for --level thread), optionally `lang`.",
            exists=True,
            dir_okay=False,
        ),
    ],
    level: Annotated[
        str, typer.Option(help="family (same text), story (same event) or thread (related).")
    ] = "story",
    shuffle: Annotated[
        int | None, typer.Option(help="Ingest in a random order drawn from this seed.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Score Polywire's grouping against your labels (in a throw-away store).

    Prints BCubed and pairwise precision/recall/F1 and the adjusted Rand index,
    overall and per language pair, and the ingest speed.
    """
    from polywire.evaluate import evaluate

    if level not in ("family", "story", "thread"):
        raise typer.BadParameter("use family, story or thread", param_hint="--level")
    settings = Settings.from_env()
    with err.status(f"Ingesting {path.name} and scoring the {level} level…"):
        (report,) = evaluate(path, [level], settings, shuffle_seed=shuffle)  # type: ignore[list-item]
    if as_json:
        out.print_json(json.dumps(_jsonable(_eval_dict(report))))
        return
    table = Table(
        title=f"{path.name} · {level} level · {report.articles} articles "
        f"({report.skipped} skipped) · {report.articles_per_second:.1f} articles/s",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in ("languages", "B³ P", "B³ R", "B³ F1", "pair P", "pair R", "pair F1", "ARI"):
        table.add_column(column, justify="left" if column == "languages" else "right")
    rows = [("all", report.overall)] + [
        (f"{a}–{b}", scores) for (a, b), scores in report.by_language_pair.items()
    ]
    for name, s in rows:
        table.add_row(
            name,
            *(
                f"{x:.3f}"
                for x in (
                    s.bcubed.precision,
                    s.bcubed.recall,
                    s.bcubed.f1,
                    s.pairwise.precision,
                    s.pairwise.recall,
                    s.pairwise.f1,
                    s.ari,
                )
            ),
        )
    out.print(table)


def _eval_dict(report: EvalReport) -> dict[str, Any]:
    def scores(s: Scores) -> dict[str, float]:
        return {
            "bcubed_precision": s.bcubed.precision,
            "bcubed_recall": s.bcubed.recall,
            "bcubed_f1": s.bcubed.f1,
            "pairwise_precision": s.pairwise.precision,
            "pairwise_recall": s.pairwise.recall,
            "pairwise_f1": s.pairwise.f1,
            "ari": s.ari,
        }

    return {
        "level": report.level,
        "articles": report.articles,
        "skipped": report.skipped,
        "articles_per_second": report.articles_per_second,
        "overall": scores(report.overall),
        "by_language_pair": {
            f"{a}-{b}": scores(s) for (a, b), s in report.by_language_pair.items()
        },
    }


def stories_table(found: list[StorySummary], width: int) -> Table:
    """One row per story in ``width`` columns: the headline is cut to fit, nothing else."""
    rows = [
        (str(s.id), " ".join(s.languages), str(s.articles), _day(s.first_seen), _day(s.last_seen))
        for s in found
    ]
    header = ("id", "languages", "articles", "first", "last")
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    table = Table(title=f"{len(found)} stories", title_justify="left", box=box.SIMPLE_HEAD)
    for name, column_width in zip(header, widths, strict=True):
        table.add_column(name, no_wrap=True, min_width=column_width)
    # Each column takes its cells plus one space of padding on either side and a separator.
    room = max(12, width - sum(widths) - 3 * (len(widths) + 1))
    table.add_column("headline", no_wrap=True, overflow="ellipsis", max_width=room)
    for row, story in zip(rows, found, strict=True):
        table.add_row(*row, story.headline)
    return table


def _print_story(detail: StoryDetail) -> None:
    s = detail.summary
    out.print(f"[bold]Story {s.id}[/] · thread {detail.thread} · {s.headline}")
    out.print(
        f"{s.articles} articles in {', '.join(s.languages)} · "
        f"{_when(s.first_seen)} – {_when(s.last_seen)}"
    )
    for family, rows in detail.families.items():
        table = Table(title=f"Family {family}: the same text in {len(rows)} versions")
        for column in ("article", "lang", "title", "source", "date"):
            table.add_column(column, overflow="fold")
        for row in sorted(rows, key=lambda r: r.lang):
            table.add_row(
                str(row.id),
                row.lang,
                row.title,
                row.url or row.site or row.source,
                _when(row.published_at or row.ingested_at),
            )
        out.print(table)


def _read(file: Path | str, settings: Settings) -> Iterator[Document | Failure]:
    return read_paths([file], int(settings.max_file_mb * 1e6), settings.allow_private)


def _story(store: Store, settings: Settings, story_id: int) -> StoryDetail:
    detail = store.story(story_id)
    if detail is None:
        err.print(f"[red]No story {story_id}[/] in {settings.db}. See `polywire stories`.")
        raise typer.Exit(1)
    return detail


def _require_store(settings: Settings) -> None:
    if not settings.db_path.exists():
        err.print(
            f"[red]No store at {settings.db}.[/] Ingest first: polywire ingest PATH --db FILE"
        )
        raise typer.Exit(1)


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def main() -> None:
    app()
