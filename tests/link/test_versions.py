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
    original_of,
    sentences,
)
from polywire.link.versions import sources
from polywire.model import ArticleRow
from polywire.pipeline import Pipeline
from polywire.store import Store
from tests.conftest import CORPUS, SEEDS


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


def test_a_translation_s_source_is_the_version_it_follows_or_unknown(
    pipeline: Pipeline, store: Store, encoder: Encoder
) -> None:
    rows = seed_family(pipeline, store)
    by_lang = {row.lang: row for row in rows}
    links = {link.version.lang: link for link in judged_tree(rows, store, encoder)}
    # 002 (ar) was translated from 001 (az): never from 000 (ru) or 003 (en).
    assert links["ar"].source in (by_lang["az"], None)
    assert links["az"].source is not by_lang["ar"]  # not made from its own translation
    assert links["en"].source == by_lang["ru"]  # 003 follows 000 sentence for sentence
    kept = store.version_links([row.id for row in rows])
    assert all(link.source_judged for link in kept.values())


def test_a_source_is_never_published_after_its_version(
    pipeline: Pipeline, store: Store, encoder: Encoder
) -> None:
    rows = seed_family(pipeline, store)
    arabic = next(row for row in rows if row.lang == "ar")
    azerbaijani = next(row for row in rows if row.lang == "az")
    later = replace(azerbaijani, published_at=datetime(2030, 1, 1, tzinfo=UTC))
    dated = replace(arabic, published_at=datetime(2029, 1, 1, tzinfo=UTC))
    changed = [later if r is azerbaijani else dated if r is arabic else r for r in rows]
    found = sources(changed, original_of(changed), store, encoder)
    assert found[arabic.id] != azerbaijani.id


def test_the_original_is_published_first_beyond_doubt_else_unknown() -> None:
    base = ArticleRow(
        1, "t", "tr", "s", None, None, None, datetime(2026, 1, 1, tzinfo=UTC), 1, 1, 1
    )
    exact = replace(base, id=1, published_at=datetime(2026, 11, 3, 6, 42, tzinfo=UTC))
    later = replace(base, id=2, published_at=datetime(2026, 11, 3, 7, 25, tzinfo=UTC))
    undated = replace(base, id=3)
    assert original_of([later, undated, exact]) == exact
    unsure = replace(later, published_margin=3 * 3600.0)
    assert original_of([exact, unsure]) is None
    assert original_of([undated, replace(undated, id=4)]) is None
    assert {link.original_known for link in family_tree([undated, replace(undated, id=4)])} == {
        False
    }


def test_the_sample_corpus_originals_are_the_reports_its_readme_names(
    pipeline: Pipeline, store: Store
) -> None:
    report = pipeline.ingest(read_paths(input_files([CORPUS]), 10_000_000))
    originals = {
        "a1-tr-malatya-deprem.txt": 4,  # the YDHA agency report, before the English rewrite
        "b-az-xezer-kabel.txt": 4,  # before the Arabic and Russian copies
        "c-de-ezb-leitzins.html": 3,
        "d-en-qarabag-az-alkmaar.txt": 4,
    }
    for name, size in originals.items():
        placement = report.ingested[str(CORPUS / name)]
        detail = store.story(placement.story)
        assert detail is not None
        rows = detail.families[placement.family]
        assert len(rows) == size
        original = original_of(rows)
        assert original is not None and original.source.endswith(name), name
