from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.embed.base import Vectors
from polywire.ingest import input_files, read_paths
from polywire.link import (
    Bead,
    align,
    align_articles,
    family_tree,
    judged_tree,
    kept_tree,
    sentences,
)
from polywire.model import ArticleRow
from polywire.pipeline import Pipeline
from polywire.store import Store
from tests.conftest import SEEDS


class Counting(Encoder):
    """The real encoder, counting the texts it is asked to embed."""

    def __init__(self, inner: Encoder) -> None:
        self.inner, self.name, self.dim, self.texts = inner, inner.name, inner.dim, 0

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.texts += len(texts)
        return self.inner.encode(texts)


def seed_family(pipeline: Pipeline, store: Store) -> list[ArticleRow]:
    """The stored versions of seeds 000–003, after ingesting all five seeds."""
    report = pipeline.ingest(read_paths(input_files([SEEDS]), 10_000_000))
    meeting = report.ingested[str(next(SEEDS.glob("000_*.txt")))]
    detail = store.story(meeting.story)
    assert detail is not None
    return detail.families[meeting.family]


def test_original_is_the_earliest_and_the_others_are_translations(
    pipeline: Pipeline, store: Store
) -> None:
    rows = seed_family(pipeline, store)
    ids = {row.lang: row.id for row in rows}
    links = family_tree(rows)
    assert links[0].original.id == ids["ru"]  # 000 is the only seed with a date line
    assert {(link.version.lang, link.kind) for link in links} == {
        ("az", "translation"),
        ("ar", "translation"),
        ("en", "translation"),
    }


def test_ingest_keeps_the_sentence_vectors_so_aligning_embeds_nothing(
    pipeline: Pipeline, store: Store, encoder: Encoder
) -> None:
    ids = {row.lang: row.id for row in seed_family(pipeline, store)}
    counting = Counting(encoder)
    first = align_articles((ids["en"], ids["ar"]), store, counting)
    assert counting.texts == 0  # embedded when the versions joined their family
    matched = [b for b in first.beads if b.left and b.right]
    assert len(matched) >= 0.8 * len(first.left)
    assert first.beads[0].left == (0,) and first.beads[0].right == (0,)  # headline ↔ headline


def test_aligning_an_article_of_its_own_embeds_it_without_writing(
    pipeline: Pipeline, store: Store, encoder: Encoder
) -> None:
    family = {row.id for row in seed_family(pipeline, store)}
    alone = next(int(i) for i in store.article_vectors()[0] if i not in family)  # seed 004
    counting = Counting(encoder)
    aligned = align_articles((min(family), alone), store, counting)
    assert counting.texts == len(aligned.right)
    assert store.sentence_vectors(alone) is None


def test_a_family_is_read_as_ingest_judged_it(
    pipeline: Pipeline, store: Store, encoder: Encoder
) -> None:
    rows = seed_family(pipeline, store)
    links = kept_tree(rows, store)
    assert {link.version.lang: link.kind for link in links} == {
        "az": "translation",
        "ar": "translation",
        "en": "translation",
    }
    assert all(link.confidence is not None and link.confidence >= 0.9 for link in links)
    assert all(link.beads[0] == Bead((0,), (0,)) for link in links)


def test_without_judging_at_ingest_a_family_is_read_by_language_alone(
    store: Store, encoder: Encoder
) -> None:
    pipeline = Pipeline(store, Settings(link_versions=False), encoder=encoder)
    rows = seed_family(pipeline, store)
    assert store.version_links([row.id for row in rows]) == {}
    assert kept_tree(rows, store) == family_tree(rows)


def test_judged_tree_calls_the_seed_versions_translations_with_their_aligned_share(
    pipeline: Pipeline, store: Store, encoder: Encoder
) -> None:
    links = judged_tree(seed_family(pipeline, store), store, encoder)
    assert {link.version.lang: link.kind for link in links} == {
        "az": "translation",
        "ar": "translation",
        "en": "translation",
    }
    assert all(link.confidence is not None and link.confidence >= 0.9 for link in links)


def test_debris_left_in_one_version_is_only_in_that_version(
    pipeline: Pipeline, store: Store, encoder: Encoder
) -> None:
    rows = seed_family(pipeline, store)
    texts = store.texts([row.id for row in rows])
    by_lang = {row.lang: texts[row.id] for row in rows}
    english = sentences(*by_lang["en"])
    debris = "Subscribe to our Telegram channel for the latest news from the region."
    russian = [*sentences(*by_lang["ru"]), debris]
    beads = align(encoder.encode(english), encoder.encode(russian))
    assert Bead((), (len(russian) - 1,)) in beads
    assert all(bead.left and bead.right for bead in beads if bead.right != (len(russian) - 1,))


def test_judged_links_are_kept_and_judged_again_when_the_original_changes(
    pipeline: Pipeline, store: Store, encoder: Encoder
) -> None:
    rows = seed_family(pipeline, store)
    first = judged_tree(rows, store, Counting(encoder))
    kept = store.version_links([link.version.id for link in first])
    assert {(k.original, k.version, k.kind) for k in kept.values()} == {
        (link.original.id, link.version.id, link.kind) for link in first
    }
    idle = Counting(encoder)
    for row in rows:  # the sentence vectors are kept too: clear them to see what re-judges
        store.put_sentence_vectors(row.id, encoder.encode(["x"]))
    assert judged_tree(rows, store, idle) == first and idle.texts == 0

    english = next(row for row in rows if row.lang == "en")
    earlier = replace(english, published_at=datetime(2000, 1, 1, tzinfo=UTC))
    rejudged = judged_tree([earlier if r is english else r for r in rows], store, idle)
    assert {link.original.id for link in rejudged} == {english.id} and idle.texts > 0
