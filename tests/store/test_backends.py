from __future__ import annotations

import sqlite3
from dataclasses import astuple, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from polywire.cluster.span import story_time
from polywire.model import (
    Article,
    Assignment,
    EventDate,
    Mention,
    NewArticle,
    StoredLink,
    StoryTime,
)
from polywire.store import DuplicateArticle, Store, open_store

WHEN = datetime(2024, 10, 3, 12, tzinfo=UTC)


def new(n: int, lang: str = "en", url: str | None = None) -> NewArticle:
    article = Article(
        source=f"file{n}.txt",
        title=f"Title {n}",
        body=f"Body {n}.",
        url=url,
        lang=lang,
        published_at=WHEN.replace(hour=n),
    )
    vector = np.full(4, n, dtype=np.float32)
    return NewArticle(article, content_hash=f"hash{n}", ingested_at=WHEN, vector=vector)


def test_groups_are_created_and_joined(store: Store) -> None:
    first = store.add(new(1), Assignment(None, None, None))
    translation = store.add(new(2, lang="ru"), Assignment(first.family, first.story, first.thread))
    other_version = store.add(new(3), Assignment(None, first.story, first.thread))
    related = store.add(new(4), Assignment(None, None, first.thread))
    assert translation == first
    assert other_version.story == first.story and other_version.family != first.family
    assert related.thread == first.thread and related.story != first.story

    detail = store.story(first.story)
    assert detail is not None
    assert detail.summary.articles == 3
    assert detail.summary.languages == ["en", "ru"]
    assert detail.summary.headline == "Title 1"
    assert sorted(len(rows) for rows in detail.families.values()) == [1, 2]
    assert store.story(999) is None

    listed = store.stories()
    assert [s.id for s in listed] == [related.story, first.story]  # most recent first
    assert [s.id for s in store.stories(lang="ru")] == [first.story]
    assert store.stories(since=datetime(2030, 1, 1, tzinfo=UTC)) == []


def test_stories_are_filtered_by_site_and_time_and_paged(store: Store) -> None:
    stories = []
    for n in (1, 2, 3):
        site = "bbc.example" if n == 2 else "apa.example"
        article = new(n)
        article.article.site = site
        stories.append(store.add(article, Assignment(None, None, None)).story)
    newest_first = stories[::-1]
    assert [s.id for s in store.stories(limit=2)] == newest_first[:2]
    assert [s.id for s in store.stories(limit=2, offset=2)] == newest_first[2:]
    assert [s.id for s in store.stories(site="bbc.example")] == [stories[1]]
    assert [s.id for s in store.stories(until=WHEN.replace(hour=2))] == stories[1::-1]
    assert [s.id for s in store.stories(since=WHEN.replace(hour=2))] == newest_first[:2]


def test_articles_are_read_by_story_and_by_id(store: Store) -> None:
    first = store.add(new(1), Assignment(None, None, None))
    second = store.add(new(2, lang="ru"), Assignment(first.family, first.story, first.thread))
    other = store.add(new(3), Assignment(None, None, None))
    by_story = store.story_articles([first.story, other.story, 999])
    assert [row.title for row in by_story[first.story]] == ["Title 1", "Title 2"]
    assert [row.lang for row in by_story[other.story]] == ["en"]
    assert by_story[999] == []
    row = store.article(by_story[first.story][1].id)
    assert row is not None and row.lang == "ru" and row.family == second.family
    assert store.article(999) is None


def test_vectors_are_read_back_after_an_id(store: Store) -> None:
    for n in (1, 2, 3):
        store.add(new(n), Assignment(None, None, None))
    ids, vectors = store.article_vectors()
    assert vectors.tolist() == [[1.0] * 4, [2.0] * 4, [3.0] * 4]
    later, rest = store.article_vectors(after_id=int(ids[0]))
    assert later.tolist() == ids[1:].tolist() and rest.shape == (2, 4)
    none, empty = store.article_vectors(after_id=int(ids[-1]))
    assert len(none) == 0 and len(empty) == 0


def test_known_by_url_or_content(store: Store) -> None:
    store.add(new(1, url="https://a.example/1"), Assignment(None, None, None))
    assert store.is_known(None, "hash1")
    assert store.is_known("https://a.example/1", "other")
    assert not store.is_known("https://a.example/2", "other")
    assert not store.is_known(None, "other")
    store.add(new(2), Assignment(None, None, None))  # no URL: None matches no URL
    assert not store.is_known(None, "other")


def test_window_restores_vectors_and_placements(store: Store) -> None:
    placement = store.add(new(1), Assignment(None, None, None))
    store.add(new(5), Assignment(None, None, None))
    rows = list(store.window(WHEN.replace(hour=3)))
    assert len(rows) == 1
    np.testing.assert_array_equal(rows[0].vector, np.full(4, 5, dtype=np.float32))
    assert rows[0].content_hash == "hash5"
    assert next(r.placement for r in store.window(None)) == placement
    assert store.latest_time() == WHEN.replace(hour=5)


def test_event_dates_are_kept_read_back_and_restored(store: Store) -> None:
    named = EventDate("--05-16", "named", 0.6)
    dated = replace(new(1), article=replace(new(1).article, event=named))
    placement = store.add(dated, Assignment(None, None, None))
    other = replace(
        new(2), article=replace(new(2).article, event=EventDate("2026-05-17", "published", 0.5))
    )
    store.add(other, Assignment(None, placement.story, placement.thread))
    store.add(new(3), Assignment(None, placement.story, placement.thread))  # unknown
    assert [row.event for row in store.window(None)] == [
        named,
        EventDate("2026-05-17", "published", 0.5),
        EventDate(),
    ]
    detail = store.story(placement.story)
    assert detail is not None
    event = story_time(row.event for row in detail.articles)
    assert event == StoryTime("2026-05-16", "2026-05-16", "2026-05-17")


def test_a_duplicate_by_content_or_url_stores_nothing(store: Store) -> None:
    first = store.add(new(1, url="https://a.example/1"), Assignment(None, None, None))
    with pytest.raises(DuplicateArticle):
        store.add(new(1), Assignment(None, None, None))  # same content hash
    with pytest.raises(DuplicateArticle):
        store.add(new(2, url="https://a.example/1"), Assignment(None, None, None))
    with pytest.raises(DuplicateArticle):
        store.add(new(3, url="https://a.example/1"), Assignment(None, None, None))
    assert store.count_articles() == 1
    assert [s.id for s in store.stories()] == [first.story]


def test_a_failed_sqlite_write_leaves_no_orphan_groups(tmp_path: Path) -> None:
    path = str(tmp_path / "s.db")
    with open_store(path) as store:
        store.add(new(1), Assignment(None, None, None))
        with pytest.raises(DuplicateArticle):
            store.add(new(1), Assignment(None, None, None))
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM stories").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM families").fetchone()[0] == 1


def test_lookups_of_nothing_find_nothing(store: Store) -> None:
    assert store.texts([]) == {}
    assert store.site_line_pages("a.example", []) == {}
    assert store.sentence_vectors(1) is None


def test_version_links_are_kept_and_replaced(store: Store) -> None:
    first = store.add(new(1), Assignment(None, None, None))
    store.add(new(2, lang="ru"), Assignment(first.family, first.story, first.thread))
    store.add(new(3, lang="ar"), Assignment(first.family, first.story, first.thread))
    a, b, c = store.article_vectors()[0].tolist()
    assert store.version_links([]) == {} and store.entity_ids([]) == {}
    store.put_version_links(
        [StoredLink(a, b, "translation", 0.97), StoredLink(a, c, "same story", None)]
    )
    store.put_version_links([StoredLink(b, c, "translation", 0.9)])
    assert store.version_links([b, c, 999]) == {
        b: StoredLink(a, b, "translation", 0.97),
        c: StoredLink(b, c, "translation", 0.9),
    }


def test_the_stored_lead_is_found_by_fingerprint(store: Store) -> None:
    placement = store.add(new(2, url="https://example.com/2"), Assignment(None, None, None))
    lead = store.stored_lead("hash2")
    assert lead is not None and lead.placement == placement
    assert (lead.title, lead.body) == ("Title 2", "Body 2.")
    assert store.article_for_url("https://example.com/2") == lead.id
    np.testing.assert_array_equal(lead.vector, np.full(4, 2, dtype=np.float32))
    assert store.stored_lead("hash9") is None


def test_the_window_tells_copies_from_originals(store: Store) -> None:
    original = store.add(new(1), Assignment(None, None, None))
    twin = store.stored_lead("hash1")
    assert twin is not None
    store.add(replace(new(2), copy_of=twin.id), Assignment(*astuple(original)))
    assert [row.is_copy for row in store.window(None)] == [False, True]


def test_a_storys_entities_come_with_all_their_keys_and_languages(store: Store) -> None:
    minsk = Mention("Minsk", 1, lookup=("mInsk",), register=("mInsk", "mnsk"))
    minsk_ru = Mention("Минске", 1, lookup=("mInsk",), register=("mInsk", "mInsk2"))
    baku = Mention("Baku", 1, lookup=("bAk",), register=("bAk", "mnsk"))  # mnsk is Minsk's
    first = store.add(replace(new(1), mentions=(minsk, baku)), Assignment(None, None, None))
    store.add(
        replace(new(2, lang="ru"), mentions=(minsk_ru,)),
        Assignment(first.family, first.story, first.thread),
    )
    store.add(replace(new(3), mentions=(minsk,)), Assignment(None, None, None))
    assert store.entity_keys(first.story) == {"bAk": 1, "mInsk": 2, "mnsk": 2, "mInsk2": 2}


def test_a_familys_names_come_with_their_keys_likeliest_form_and_first_place_per_language(
    store: Store,
) -> None:
    cup = Mention(
        "Ryder Cup", 2, lookup=("rIdAr kUp",), register=("rIdAr kUp", "rdr kb"), position=0.3
    )
    cups = Mention("Ryder Cups", 1, lookup=("rdr kb",), register=("rIdAr kUps",), position=0.1)
    other = Mention("Medinah", 1, lookup=("mAdIn",), register=("mAdIn",))
    first = store.add(replace(new(1), mentions=(cup, cups)), Assignment(None, None, None))
    (entity,) = store.entities(first.story)
    aligned = Mention("Кубка Райдера", 1, lookup=("kUbk rAdAr",), register=("kUbk rAdAr",))
    store.add(
        replace(new(2, lang="ru"), mentions=(replace(aligned, entity=entity.id),)),
        Assignment(first.family, first.story, first.thread),
    )
    store.add(  # same story, another family: not among the family's names
        replace(new(3), mentions=(other,)), Assignment(None, first.story, first.thread)
    )
    (name,) = store.family_names(first.family)
    assert name.keys == {"rIdAr kUp", "rdr kb", "rIdAr kUps", "kUbk rAdAr"}
    assert name.forms == {"en": "Ryder Cup", "ru": "Кубка Райдера"}
    assert name.positions == pytest.approx({"en": 0.1})  # the Russian one has no place


def test_an_articles_mentions_come_back_linked_to_their_entities(store: Store) -> None:
    aliyev = Mention("Aliyev", 2, lookup=("AlIyEv",), register=("AlIyEv",), position=0.25)
    baku = Mention("Baku", 1, lookup=("bAk",), register=("bAk",))
    placed = store.add(replace(new(1), mentions=(aliyev, baku)), Assignment(None, None, None))
    ids = {e.label: e.id for e in store.entities(placed.story)}
    (article,) = store.article_vectors()[0].tolist()
    assert store.mentions(article) == [
        Mention("Aliyev", 2, lookup=(), register=(), entity=ids["Aliyev"], position=0.25),
        Mention("Baku", 1, lookup=(), register=(), entity=ids["Baku"]),
    ]
    assert store.mentions(article + 1) == []


def test_a_mention_finds_the_entity_an_earlier_one_in_its_article_registered(
    store: Store,
) -> None:
    aliyev = Mention("Aliyev", 2, lookup=("AlIyEv",), register=("AlIyEv", "lyv"))
    skeleton_only = Mention("Əliyev", 1, lookup=("lyv",), register=("lyv",))
    baku = Mention("Baku", 1, lookup=("bAk",), register=("bAk", "lyv"))  # lyv stays Aliyev's
    placed = store.add(
        replace(new(1), mentions=(aliyev, skeleton_only, baku)), Assignment(None, None, None)
    )
    forms = sorted(
        sorted(f for fs in e.forms.values() for f in fs) for e in store.entities(placed.story)
    )
    assert forms == [["Aliyev", "Əliyev"], ["Baku"]]
    assert store.entity_keys(placed.story) == {"AlIyEv": 1, "lyv": 1, "bAk": 1}


def test_entities_may_be_only_those_two_articles_name_or_places(store: Store) -> None:
    minsk = Mention("Minsk", 1, lookup=("mInsk",), register=("mInsk",))
    minsk_ru = Mention("Минске", 1, lookup=("mInsk",), register=("mInsk",))
    prime = Mention("Azerbaijani Prime", 1, lookup=("AsArbAIjAnI brIm",), register=("x",))
    turkey = Mention("Turkey", 1, lookup=("territory:TR",), register=("territory:TR", "tUrkI"))
    first = store.add(
        replace(new(1), mentions=(minsk, prime, turkey)), Assignment(None, None, None)
    )
    store.add(
        replace(new(2, lang="ru"), mentions=(minsk_ru,)),
        Assignment(first.family, first.story, first.thread),
    )

    def labels(**scope: int) -> set[str]:
        return {e.label for e in store.entities(first.story, **scope)}

    assert labels() == {"Minsk", "Azerbaijani Prime", "Turkey"}
    assert labels(min_versions=2) == {"Minsk", "Turkey"}  # a place the gazetteer knows
    assert labels(min_versions=3) == {"Turkey"}


def test_a_story_moves_thread_with_all_its_articles(store: Store) -> None:
    a = store.add(new(1), Assignment(None, None, None))
    b = store.add(new(2), Assignment(None, None, None))
    c = store.add(new(3), Assignment(None, None, b.thread))
    store.move_story(b.story, a.thread)
    threads = {r.placement.story: r.placement.thread for r in store.window(None)}
    assert threads == {a.story: a.thread, b.story: a.thread, c.story: b.thread}
    store.move_story(c.story, a.thread)  # b's old thread is left empty, and goes
    assert {r.placement.thread for r in store.window(None)} == {a.thread}
    assert store.story_articles([c.story])[c.story][0].thread == a.thread


def test_site_lines_are_counted_with_their_article_and_only_with_it(store: Store) -> None:
    lines = ("a.example", frozenset({"l1", "l2"}))
    store.add(replace(new(1), site_lines=lines), Assignment(None, None, None))
    with pytest.raises(DuplicateArticle):  # refused: its lines are not counted either
        store.add(replace(new(1), site_lines=lines), Assignment(None, None, None))
    store.add(replace(new(2), site_lines=("a.example", frozenset({"l1"}))), Assignment(*[None] * 3))
    assert store.site_line_pages("a.example", ["l1", "l2", "l3"]) == {"l1": 2, "l2": 1}


def test_a_family_is_read_alone_oldest_first(store: Store) -> None:
    first = store.add(new(2), Assignment(None, None, None))
    store.add(new(1, lang="ru"), Assignment(*astuple(first)))
    store.add(new(3), Assignment(None, first.story, first.thread))  # same story, not family
    assert [row.title for row in store.family(first.family)] == ["Title 1", "Title 2"]
    assert store.family(999) == [] and store.family(2**64) == []


def test_a_later_text_is_kept_once_as_a_revision(store: Store) -> None:
    store.add(new(1, url="https://a.example/1"), Assignment(None, None, None))
    article = store.article_for_url("https://a.example/1")
    assert article is not None
    assert store.add_revision(article, "hash1b", "Title 1", "Body 1, revised.", WHEN)
    assert not store.add_revision(article, "hash1b", "Title 1", "Body 1, revised.", WHEN)
