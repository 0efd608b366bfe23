"""The whole pipeline on real files, the real model and a real SQLite file."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import astuple, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from polywire.cluster.span import story_time
from polywire.config import Settings
from polywire.dedup import NearDuplicates
from polywire.embed import Encoder
from polywire.extract.events import NO_YEAR, RESOLVED
from polywire.ingest import input_files, read_paths
from polywire.model import ArticleRow, Document, EventDate, Mention, StoryTime
from polywire.pipeline import IngestReport, Pipeline
from polywire.store import Store, open_store
from tests.conftest import CORPUS, SEEDS, page

MB = 1_000_000


def ingest(
    pipeline: Pipeline, *paths: Path, max_bytes: int = 20 * MB, reverse: bool = False
) -> IngestReport:
    documents = list(read_paths(input_files(list(paths)), max_bytes))
    return pipeline.ingest(reversed(documents) if reverse else documents)


def by_seed(report: IngestReport) -> dict[str, tuple[int, ...]]:
    return {Path(source).name[:3]: astuple(p) for source, p in report.ingested.items()}


@pytest.mark.parametrize("reverse", [False, True], ids=["file order", "reversed"])
def test_seeds_000_to_003_are_one_family_and_one_story(pipeline: Pipeline, reverse: bool) -> None:
    report = ingest(pipeline, SEEDS, reverse=reverse)
    assert not report.failures
    seeds = by_seed(report)
    assert len({seeds[s] for s in ("000", "001", "002", "003")}) == 1


@pytest.mark.parametrize("reverse", [False, True], ids=["file order", "reversed"])
def test_seed_004_is_another_story_in_the_same_thread(pipeline: Pipeline, reverse: bool) -> None:
    # 004 is about the state visit of 16 May, 000–003 about the meeting of 3 October.
    seeds = by_seed(ingest(pipeline, SEEDS, reverse=reverse))
    assert seeds["004"][1] != seeds["000"][1]
    assert seeds["004"][2] == seeds["000"][2]


def test_a_restarted_pipeline_sees_the_event_dates_it_stored(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    meeting = sorted(SEEDS.glob("00[0-3]_*"))
    placed = ingest(Pipeline(store, settings, encoder=encoder), *meeting)
    (story,) = {p.story for p in placed.ingested.values()}
    restarted = Pipeline(store, settings, encoder=encoder)
    (visit,) = ingest(restarted, *SEEDS.glob("004_*")).ingested.values()
    assert visit.story != story


def test_a_story_shows_its_event_date_and_span(pipeline: Pipeline, store: Store) -> None:
    seeds = by_seed(ingest(pipeline, SEEDS))
    meeting, visit = (store.story(seeds[s][1]) for s in ("000", "004"))
    assert meeting is not None and visit is not None
    # 000 gives the year; 001–003, undated, name the day alone.
    assert story_time(r.event for r in meeting.articles) == StoryTime(*["2024-10-03"] * 3)
    assert story_time(r.event for r in visit.articles) == StoryTime(*["--05-16"] * 3)
    (row,) = visit.families[seeds["004"][0]]
    assert row.event == EventDate("--05-16", "named", NO_YEAR)


def test_reingesting_adds_nothing(pipeline: Pipeline, store: Store) -> None:
    first = ingest(pipeline, SEEDS)
    again = ingest(pipeline, SEEDS)
    assert len(first.ingested) == 5
    assert (len(again.ingested), len(again.duplicates)) == (0, 5)
    assert store.count_articles() == 5
    # Duplicates are caught before the costly stages.
    assert first.seconds["embed"] > 0
    assert "embed" not in again.seconds and "language" not in again.seconds


def corpus_placements(
    pipeline: Pipeline, store: Store, reverse: bool = False
) -> dict[str, list[ArticleRow]]:
    """Stored rows by the story letter the corpus README gives each file."""
    report = ingest(pipeline, CORPUS, reverse=reverse)
    assert not report.failures
    assert len(report.ingested) == 17
    jsonl = {"news-feed.jsonl:1": "b", "news-feed.jsonl:2": "c"}
    rows: dict[str, list[ArticleRow]] = {}
    for summary in store.stories():
        detail = store.story(summary.id)
        assert detail is not None
        for row in (r for family in detail.families.values() for r in family):
            name = Path(row.source).name
            rows.setdefault(jsonl.get(name, name[0]), []).append(row)
    return rows


@pytest.mark.parametrize("reverse", [False, True], ids=["file order", "reversed"])
def test_sample_corpus_groups_by_story(pipeline: Pipeline, store: Store, reverse: bool) -> None:
    rows = corpus_placements(pipeline, store, reverse)
    stories = {letter: {r.story for r in found} for letter, found in rows.items()}
    for letter in "abcde":
        assert len(stories[letter]) == 1, letter
    assert len(set().union(*stories.values())) == 5
    assert len({r.family for r in rows["a"] if Path(r.source).name.startswith("a1")}) == 1


def test_reversed_the_story_the_later_report_started_is_absorbed_and_its_id_redirects(
    pipeline: Pipeline, store: Store
) -> None:
    # A2 starts a story; A1's versions, scored against A2 alone, start another; consolidation
    # merges them, and A1's story, the larger part, keeps its id.
    rows = corpus_placements(pipeline, store, reverse=True)
    (story,) = {r.story for r in rows["a"]}
    ids = range(1, 100)
    absorbed = [i for i in ids if store.story_moved_to(i) == story]
    assert absorbed and all(store.story(i) is None for i in absorbed)
    a2 = next(r for r in rows["a"] if Path(r.source).name.startswith("a2"))
    assert min(absorbed) < story and a2.id < min(r.id for r in rows["a"] if r.id != a2.id)


def test_without_consolidation_the_reversed_order_splits_a_story(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    pipeline = Pipeline(store, replace(settings, consolidate_articles=0), encoder=encoder)
    rows = corpus_placements(pipeline, store, reverse=True)
    assert len({r.story for r in rows["a"]}) == 2


def test_sample_corpus_independent_report_is_its_own_family(
    pipeline: Pipeline, store: Store
) -> None:
    families = {Path(r.source).name[:2]: r.family for r in corpus_placements(pipeline, store)["a"]}
    assert families["a1"] != families["a2"]


@pytest.mark.parametrize("reverse", [False, True], ids=["file order", "reversed"])
def test_sample_corpus_donor_conference_is_its_own_story_in_the_quakes_thread(
    pipeline: Pipeline, store: Store, reverse: bool
) -> None:
    # E, on 17 November, follows the earthquake of 3 November: another event, one subject.
    rows = corpus_placements(pipeline, store, reverse)
    (donor,) = rows["e"]
    assert donor.event == EventDate("2026-11-17", "named", RESOLVED)
    assert all(r.story != donor.story and r.thread == donor.thread for r in rows["a"])


def test_bad_inputs_fail_alone_and_keep_what_is_stored(
    tmp_path: Path, settings: Settings, encoder: Encoder
) -> None:
    with open_store(settings.db) as store:
        ingest(Pipeline(store, settings, encoder=encoder), SEEDS)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.html").write_bytes(bytes(range(256)) * 100)
    with (bad / "huge.txt").open("wb") as huge:
        huge.truncate(50 * MB)
    good_line = json.dumps(
        {
            "text": "Qarabağ beat AZ Alkmaar 2-1 in Baku on Thursday night.\n"
            "The Azerbaijani champions came from behind in the Conference League match.",
            "title": "Qarabağ beat AZ Alkmaar",
            "url": "https://sport.example/1",
        }
    )
    (bad / "feed.jsonl").write_text(f'{good_line}\n{{"text": broken\n')
    latin1 = "Ölkədə yeni qanun qəbul edildi və parlament bunu təsdiqlədi. " * 5
    (bad / "invalid-utf8.txt").write_bytes(
        "Yeni qanun qəbul edildi bu gün\n".encode() + latin1.encode() + b"\xff\xfe broken tail."
    )
    with open_store(settings.db) as store:
        report = ingest(Pipeline(store, settings, encoder=encoder), bad)
        assert store.count_articles() == 5 + len(report.ingested)
    reasons = {Path(f.source).name: f.reason for f in report.failures}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.html"] == "binary content, not text"
    assert reasons["huge.txt"].startswith("file too large (50.0 MB")
    assert reasons["feed.jsonl:2"].startswith("invalid JSON")
    assert len(report.ingested) == 2  # the good JSONL line and the mis-encoded text
    notes = {Path(n.source).name: n.reason for n in report.notes}
    assert notes["invalid-utf8.txt"].startswith("not valid UTF-8; read as")


def test_a_language_the_source_declares_is_stored_as_detection_would_tag_it(
    tmp_path: Path, pipeline: Pipeline, store: Store
) -> None:
    # Names and scores: the model cannot tell their language.
    results = "; ".join(
        f"{a} – {b}: {score}"
        for a, b, score in [
            ("Tashkent", "Baku", "2:1 (1:0)"),
            ("Baku", "Ankara", "3:0 (2:0)"),
            ("Ankara", "Tashkent", "1:1 (0:1)"),
            ("Tashkent", "Ankara", "0:2 (0:1)"),
            ("Baku", "Tashkent", "4:1 (2:1)"),
            ("Ankara", "Baku", "1:0 (1:0)"),
        ]
    )
    record = {
        "title": "Tashkent – Baku – Ankara",
        "text": results,
        "lang": "aze",
        "url": "https://sport.example/results",
    }
    (tmp_path / "results.jsonl").write_text(json.dumps(record) + "\n")
    (placement,) = ingest(pipeline, tmp_path / "results.jsonl").ingested.values()
    (row,) = store.story_articles([placement.story])[placement.story]
    assert row.lang == "az"


def test_a_new_text_at_a_stored_url_is_a_revision_not_a_new_article(
    pipeline: Pipeline, store: Store
) -> None:
    url = "https://news.example/quake"
    first = "Quake hits Malatya\n\nA strong earthquake struck the province of Malatya on Monday."
    revised = first + " Rescue teams reached the villages by the evening."
    assert len(pipeline.ingest([page(url, first)]).ingested) == 1
    again = pipeline.ingest([page(url, revised)])
    assert (len(again.ingested), again.revisions) == (0, [url])
    assert store.count_articles() == 1
    # The same revision again is a duplicate.
    assert pipeline.ingest([page(url, revised)]).duplicates == [url]


class CountingEncoder(Encoder):
    """The real encoder, remembering what it was asked to read."""

    def __init__(self, inner: Encoder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.texts.extend(texts)
        return self.inner.encode(texts)


MINSK = (
    "Lukashenko and Aliyev meet in Minsk\n\n"
    "Belarusian President Alexander Lukashenko met Azerbaijani President Ilham Aliyev in Minsk "
    "on Tuesday. The two leaders discussed trade, transport corridors and preparations for the "
    "COP29 climate conference in Baku, the presidential press service said in a statement.\n\n"
    "Trade between the two countries grew by a third last year, officials said."
)


def test_a_near_duplicate_reuses_the_stored_vector_and_joins_the_family(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    counting = CountingEncoder(encoder)
    # Leads only: judging a family's versions at ingest embeds their sentences too.
    pipeline = Pipeline(store, replace(settings, link_versions=False), counting)
    first = pipeline.ingest([page("https://agency.example/minsk", MINSK)])
    assert len(counting.texts) == 1 and not first.near_duplicates
    copy = MINSK.replace("on Tuesday", "on Tuesday,") + "\n\nSubscribe to our newsletter."
    second = pipeline.ingest([page("https://copier.example/minsk", copy)])
    assert second.near_duplicates == ["https://copier.example/minsk"]
    assert len(counting.texts) == 1
    placements = [*first.ingested.values(), *second.ingested.values()]
    assert placements[0].family == placements[1].family
    # The clusterer learns the original only: the copy would tell it nothing new.
    assert len(pipeline.clusterer) == 1
    # A restarted pipeline knows the stored leads too, and restores what it learnt.
    restarted = Pipeline(store, replace(settings, link_versions=False), counting)
    assert len(restarted.clusterer) == 1
    third = restarted.ingest([page("https://third.example/minsk", copy.replace("Baku", "Baku,"))])
    assert third.near_duplicates == ["https://third.example/minsk"]
    assert len(counting.texts) == 1 and store.count_articles() == 3


def test_a_rewrite_the_near_duplicate_index_proposes_is_read_as_a_new_article(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    rewrite = MINSK
    for word, other in [
        ("met", "hosted"),
        ("leaders discussed trade", "presidents reviewed energy"),
        ("transport", "logistics"),
        ("the presidential", "the Belarusian"),
    ]:
        rewrite = rewrite.replace(word, other)
    counting = CountingEncoder(encoder)
    # Leads only: judging a family's versions at ingest embeds their sentences too.
    pipeline = Pipeline(store, replace(settings, link_versions=False), counting)
    pipeline.ingest([page("https://agency.example/minsk", MINSK)])
    report = pipeline.ingest([page("https://outlet.example/minsk", rewrite)])
    assert not report.near_duplicates and len(counting.texts) == 2
    # The index lets the rewrite's lead through (a fresh one draws the same hashes).
    original, rewritten = counting.texts
    index = NearDuplicates()
    index.add("original", index.signature(original))
    assert index.candidates(index.signature(rewritten)) == ["original"]


def stored_names(
    store: Store, settings: Settings, encoder: Encoder, copy: str, original: str = MINSK
) -> tuple[list[Mention], list[Mention]]:
    """The names of an original and of its copy, each as stored."""
    pipeline = Pipeline(store, settings, encoder)
    pipeline.ingest([page("https://agency.example/minsk", original)])
    report = pipeline.ingest([page("https://copier.example/minsk", copy)])
    assert report.near_duplicates == ["https://copier.example/minsk"]
    first, second = store.article_vectors()[0].tolist()
    return store.mentions(first), store.mentions(second)


def test_a_copy_whose_edit_names_nothing_new_takes_its_twins_names_as_stored(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    copy = MINSK.replace("last year,", "last year, as planned,")
    original, copied = stored_names(store, settings, encoder, copy)
    assert {"Lukashenko", "Aliyev", "Minsk", "Baku"} <= {m.form for m in original}
    assert copied == original  # entities, counts and places: the copy was not searched


def test_a_copy_that_names_someone_new_is_searched_whole(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    copy = MINSK + "\n\nAliyev's aide Farid Huseynzade also attended the talks."
    original, copied = stored_names(store, settings, encoder, copy)
    new = {m.form for m in copied} - {m.form for m in original}
    assert new >= {"Farid Huseynzade"} and not new & {"Farid", "Huseynzade"}
    assert {m.entity for m in original} < {m.entity for m in copied}
    counts = [
        sum(m.count for m in names if m.form.startswith("Aliyev")) for names in (original, copied)
    ]
    assert counts[1] == counts[0] + 1


def test_a_copy_under_another_headline_is_searched_whole(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    # Its body alone would make it a duplicate.
    copy = "Update: " + MINSK.replace("last year,", "last year, as planned,")
    original, copied = stored_names(store, settings, encoder, copy)
    assert {m.form for m in copied} == {m.form for m in original}
    assert copied != original  # the longer headline moved every name's place


def test_a_copy_that_drops_a_name_no_longer_names_it(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    longer = MINSK + "\n\nThe Azerbaijani leader Ilham Aliyev then flew to Astana."
    original, copied = stored_names(store, settings, encoder, MINSK, original=longer)
    assert {m.form for m in original} - {m.form for m in copied} == {"Astana"}
    counts = [{m.form: m.count for m in names}["Ilham Aliyev"] for names in (original, copied)]
    assert counts[1] == counts[0] - 1


def test_twins_in_one_batch_are_both_learnt_and_restored_so(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    copy = MINSK.replace("on Tuesday", "on Tuesday,")
    pipeline = Pipeline(store, settings, encoder)
    report = pipeline.ingest(
        [page("https://agency.example/minsk", MINSK), page("https://copier.example/minsk", copy)]
    )
    # Neither was stored when the other was checked: both are embedded, as new articles.
    assert len(report.ingested) == 2 and not report.near_duplicates
    assert len(pipeline.clusterer) == 2
    assert len(Pipeline(store, settings, encoder).clusterer) == 2


def test_another_report_of_the_event_is_embedded(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    counting = CountingEncoder(encoder)
    # Leads only: judging a family's versions at ingest embeds their sentences too.
    pipeline = Pipeline(store, replace(settings, link_versions=False), counting)
    other = (
        "Aliyev in Minsk\n\nIlham Aliyev and Alexander Lukashenko held talks in Minsk. Azerbaijan "
        "and Belarus signed agreements on trade and transport."
    )
    report = pipeline.ingest(
        [page("https://agency.example/minsk", MINSK), page("https://other.example/minsk", other)]
    )
    assert len(report.ingested) == 2 and not report.near_duplicates
    assert len(counting.texts) == 2


class SignallingEncoder(CountingEncoder):
    """The real encoder, telling when it is first asked to read."""

    def __init__(self, inner: Encoder) -> None:
        super().__init__(inner)
        self.started = threading.Event()

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.started.set()
        return super().encode(texts)


def test_the_model_embeds_a_batchs_first_leads_while_the_rest_is_read(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    signalling = SignallingEncoder(encoder)
    settings = replace(settings, batch_size=4, embed_ahead=2, link_versions=False)
    pipeline = Pipeline(store, settings, signalling)
    texts = [MINSK.replace("Minsk", city) for city in ("Minsk", "Baku", "Tbilisi", "Yerevan")]
    pulled_before_the_model = []

    def documents() -> Iterator[Document]:
        for number, text in enumerate(texts):
            if number == 3:  # the last of the batch waits for the model to start
                pulled_before_the_model.append(signalling.started.wait(timeout=10))
            yield page(f"https://agency.example/{number}", text)

    report = pipeline.ingest(documents())
    assert pulled_before_the_model == [True]
    assert len(report.ingested) == 4 and len(signalling.texts) == 4
