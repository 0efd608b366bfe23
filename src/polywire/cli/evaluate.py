"""``polywire eval``: score the grouping against labelled data."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from polywire.cli.common import JsonOption, app, err, jsonable, out
from polywire.config import Settings
from polywire.evaluate import EvalReport, Scores


class LevelChoice(StrEnum):
    family = "family"
    story = "story"
    thread = "thread"


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
        LevelChoice,
        typer.Option(help="family (same text), story (same event) or thread (related)."),
    ] = LevelChoice.story,
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

    settings = Settings.from_env()
    with err.status(f"Ingesting {path.name} and scoring the {level} level…"):
        (report,) = evaluate(path, [level.value], settings, shuffle_seed=shuffle)
    if as_json:
        out.print_json(json.dumps(jsonable(_eval_dict(report))))
        return
    table = Table(
        title=f"{path.name} · {level.value} level · {report.articles} articles "
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
