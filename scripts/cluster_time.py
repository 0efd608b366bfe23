"""The clusterer's CPU time on the calls an ingest makes to it: recorded once, replayed by
any checkout.

Usage: PYTHONPATH=src:scripts .venv/bin/python scripts/cluster_time.py record CALLS.pkl
       [--articles 300] [--encoder openvino]
       PYTHONPATH=src:scripts .venv/bin/python scripts/cluster_time.py replay CALLS.pkl

``record`` ingests the bench's first N articles as ``ingest_time.py`` does and writes every
call the pipeline made to its clusterer to CALLS.pkl: the points it placed, with the second
opinion's verdicts, the placements it learnt, the regroupings and the consolidations, each
with what it returned. ``replay`` makes the same calls on a new clusterer with this
checkout's code, without the model, the store or the other stages, and prints the main
thread's CPU time by kind of call and how many calls returned something other than when
recorded (then it exits 1). Run it from two checkouts one after the other (each with its own
``src`` first on PYTHONPATH) to compare their clusterers on the same work: the figure moves
far less with other work on the machine than a whole ingest's.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import polywire.pipeline
from bench import build_corpus
from polywire.cluster import Point
from polywire.cluster.consolidate import NewStory, consolidate
from polywire.cluster.online import OnlineClusterer, SecondOpinion
from polywire.cluster.params import ModelParams
from polywire.config import Settings
from polywire.ingest import read_paths
from polywire.model import Assignment, Placement, Regrouping
from polywire.store import open_store


@dataclass(frozen=True)
class Predict:
    point: Point
    band: tuple[float, float] | None
    """The second opinion's (low, high], if one was asked for."""
    verdicts: dict[int, bool | None]
    result: Assignment


@dataclass(frozen=True)
class Learn:
    point: Point
    placement: Placement


@dataclass(frozen=True)
class Regroup:
    story: int
    result: int | None


@dataclass(frozen=True)
class Consolidate:
    stories: list[int]
    """The ids the store gave the stories the consolidation made, in order."""
    result: Regrouping


Call = Predict | Learn | Regroup | Consolidate


@dataclass
class Recording:
    params: ModelParams
    window_days: float
    dim: int
    span_days: float
    keep_articles: int
    heal: bool
    calls: list[Call] = field(default_factory=list)

    def clusterer(self) -> OnlineClusterer:
        return OnlineClusterer(
            self.params,
            self.window_days,
            self.dim,
            self.span_days,
            self.keep_articles,
            heal=self.heal,
        )


class RecordingClusterer(OnlineClusterer):
    """A clusterer that notes the calls made to it, and what they returned."""

    def __init__(self, recording: Recording) -> None:
        super().__init__(
            recording.params,
            recording.window_days,
            recording.dim,
            recording.span_days,
            recording.keep_articles,
            heal=recording.heal,
        )
        self.calls = recording.calls

    def predict_one(self, point: Point, opinion: SecondOpinion | None = None) -> Assignment:
        verdicts: dict[int, bool | None] = {}
        if opinion is None:
            result = super().predict_one(point)
            self.calls.append(Predict(point, None, verdicts, result))
            return result
        asked = opinion.agrees

        def agrees(family: int) -> bool | None:
            verdicts[family] = asked(family)
            return verdicts[family]

        result = super().predict_one(point, SecondOpinion(opinion.low, opinion.high, agrees))
        self.calls.append(Predict(point, (opinion.low, opinion.high), verdicts, result))
        return result

    def learn_one(self, point: Point, placement: Placement) -> None:
        self.calls.append(Learn(point, placement))
        super().learn_one(point, placement)

    def regroup(self, story: int) -> int | None:
        result = super().regroup(story)
        self.calls.append(Regroup(story, result))
        return result


def recording_consolidate(
    calls: list[Call],
) -> Callable[[OnlineClusterer, NewStory], Regrouping]:
    def consolidating(clusterer: OnlineClusterer, new_story: NewStory) -> Regrouping:
        stories: list[int] = []

        def story(thread: int) -> int:
            stories.append(new_story(thread))
            return stories[-1]

        result = consolidate(clusterer, story)
        calls.append(Consolidate(stories, result))
        return result

    return consolidating


def _given(stories: list[int]) -> NewStory:
    """The stories the store made, in order, whatever the thread asked for."""
    made = iter(stories)
    return lambda thread: next(made)


def record(path: Path, articles: int, encoder: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        corpus, part = Path(folder) / "corpus.jsonl", Path(folder) / "part.jsonl"
        build_corpus(1000, corpus)
        with corpus.open(encoding="utf-8") as lines:
            part.write_text("".join(islice(lines, articles)))
        settings = Settings(db=str(Path(folder) / "store.db"), encoder=encoder)
        with open_store(settings.db) as store:
            pipeline = polywire.pipeline.Pipeline(store, settings)
            recording = Recording(
                pipeline.params,
                settings.window_days,
                pipeline.encoder.dim,
                settings.story_span_days,
                settings.keep_articles,
                settings.consolidate_articles > 0,
            )
            pipeline.clusterer = RecordingClusterer(recording)
            # The pipeline calls the name it imported: the recorder goes in its place there.
            vars(polywire.pipeline)["consolidate"] = recording_consolidate(recording.calls)
            done = pipeline.ingest(list(read_paths([part], 10**9)))
    path.write_bytes(pickle.dumps(recording))
    print(f"{len(done.ingested)} articles, {len(recording.calls)} calls recorded in {path}")


def replay(path: Path) -> int:
    recording: Recording = pickle.loads(path.read_bytes())
    clusterer = recording.clusterer()
    seconds = {kind.__name__: 0.0 for kind in (Predict, Learn, Regroup, Consolidate)}
    differ = 0
    for call in recording.calls:
        began = time.thread_time()
        got: object
        if isinstance(call, Predict):
            opinion = None
            if call.band is not None:
                opinion = SecondOpinion(*call.band, call.verdicts.get)
            got = clusterer.predict_one(call.point, opinion)
        elif isinstance(call, Learn):
            clusterer.learn_one(call.point, call.placement)
            got = None
        elif isinstance(call, Regroup):
            got = clusterer.regroup(call.story)
        else:
            got = consolidate(clusterer, _given(call.stories))
        seconds[type(call).__name__] += time.thread_time() - began
        differ += got != getattr(call, "result", None)
    by_kind = ", ".join(f"{kind} {s:.3f} s" for kind, s in seconds.items())
    print(
        f"{len(recording.calls)} calls, {differ} returned otherwise; CPU {by_kind}, "
        f"total {sum(seconds.values()):.3f} s"
    )
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "replay"))
    parser.add_argument("calls", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--encoder", default="openvino")
    args = parser.parse_args()
    if args.action == "record":
        record(args.calls, args.articles, args.encoder)
    else:
        sys.exit(replay(args.calls))


if __name__ == "__main__":
    main()
