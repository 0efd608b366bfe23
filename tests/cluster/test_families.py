"""Families are translations: two articles on different events are never one family.

Each pair goes into an empty clusterer, the first article and then the second, with the
bundled model and the real encoder, as a pair of real articles does in a new store.
"""

from __future__ import annotations

import json

import pytest

from polywire.cluster import OnlineClusterer, Point, cluster_in_memory, load_params, make_point
from polywire.config import Settings
from polywire.embed import Encoder, Remembering, lead_text, params_name
from polywire.extract.text import clean_text
from polywire.language import article_language
from tests.conftest import DATA

# Written for this test, after the kinds of pairs SemEval raters called different events
# and an earlier family rule joined: a subject in the news that week, shared names, a number
# or two that every report of the season writes (a year, a percentage).
DIFFERENT_EVENTS = [
    (
        "de",
        "Quarantäne: So kommen Familien durch die Wochen zu Hause\n"
        "Psychologen raten zu festen Tagesabläufen, Bewegung an der frischen Luft und "
        "Telefonaten mit Freunden. Wer 2020 im Homeoffice arbeitet, sollte Pausen planen.",
        "en",
        "US economy grew 2.1% in the fourth quarter\n"
        "The Commerce Department said gross domestic product rose at an annual rate of 2.1 "
        "percent in 2020's last quarter, as consumer spending slowed.",
    ),
    (
        "de",
        "Greta Thunberg in Davos: Klimaaktivistin fordert sofortigen Ausstieg\n"
        "Beim Weltwirtschaftsforum verlangte die 17-Jährige, Investitionen in fossile "
        "Brennstoffe sofort zu beenden. Die Wirtschaftsführer hörten höflich zu.",
        "en",
        "Trump mocks Greta Thunberg after Time names her person of the year\n"
        "President Donald Trump wrote on Twitter that the 16-year-old activist should work "
        "on her anger management problem and go to a good old fashioned movie.",
    ),
    (
        "es",
        "Un terremoto de magnitud 6,1 sacude el sur de Perú\n"
        "El sismo se registró a las 10:25 hora local y no causó víctimas, informó el "
        "Instituto Geofísico del Perú.",
        "es",
        "Inundaciones en el norte de Perú dejan 12 muertos\n"
        "Las lluvias de las últimas 48 horas desbordaron tres ríos en Piura y Tumbes, "
        "según el Instituto Nacional de Defensa Civil.",
    ),
    (
        "en",
        "Apple reports record quarterly revenue of $91.8 billion\n"
        "Apple said on Tuesday that iPhone sales rose 8% in the holiday quarter, "
        "beating analysts' estimates.",
        "en",
        "Apple faces EU antitrust charge over App Store rules\n"
        "The European Commission said on Tuesday that Apple's rules for music streaming "
        "apps distort competition, a charge the company rejects.",
    ),
]
TRANSLATION = (
    "en",
    "Floods in northern Peru leave 12 dead\n"
    "Rains over the last 48 hours burst the banks of three rivers in Piura and Tumbes, "
    "according to the National Civil Defence Institute, which counted 2,350 homes damaged.",
    "es",
    "Inundaciones en el norte de Perú dejan 12 muertos\n"
    "Las lluvias de las últimas 48 horas desbordaron tres ríos en Piura y Tumbes, según el "
    "Instituto Nacional de Defensa Civil, que contó 2.350 viviendas dañadas.",
)


@pytest.fixture(scope="module")
def remembering(encoder: Encoder) -> Remembering:
    return Remembering(encoder)


def _point(encoder: Encoder, settings: Settings, lang: str, title: str, body: str) -> Point:
    article = clean_text(body, "test", title=title)
    text = f"{article.title}\n{article.body}"
    language = article_language(text, lang)
    vector = encoder.encode([lead_text(article.title, article.body, settings.lead_chars)])[0]
    params = load_params(params_name(encoder.name))
    return make_point(params, vector, language, text, None)


def _one_family(encoder: Encoder, settings: Settings, first: Point, second: Point) -> bool:
    params = load_params(params_name(encoder.name))
    clusterer = OnlineClusterer(params, settings.window_days, encoder.dim)
    a, b = cluster_in_memory(clusterer, [first, second])
    return a.family == b.family


def _from_text(encoder: Encoder, settings: Settings, lang: str, text: str) -> Point:
    title, _, body = text.partition("\n")
    return _point(encoder, settings, lang, title, body)


@pytest.mark.parametrize("pair", DIFFERENT_EVENTS, ids=lambda p: f"{p[0]}-{p[2]}")
def test_reports_of_different_events_are_not_one_family(
    pair: tuple[str, str, str, str], remembering: Remembering, settings: Settings
) -> None:
    lang_a, text_a, lang_b, text_b = pair
    first = _from_text(remembering, settings, lang_a, text_a)
    second = _from_text(remembering, settings, lang_b, text_b)
    assert not _one_family(remembering, settings, first, second)


def test_a_translation_is_one_family(remembering: Remembering, settings: Settings) -> None:
    lang_a, text_a, lang_b, text_b = TRANSLATION
    first = _from_text(remembering, settings, lang_a, text_a)
    second = _from_text(remembering, settings, lang_b, text_b)
    assert _one_family(remembering, settings, first, second)


def test_no_different_event_pair_across_languages_is_one_family(
    remembering: Remembering, settings: Settings
) -> None:
    """Every SemEval dev pair rated different events (overall ≥ 3) across two languages."""
    joined = []
    for line in (DATA / "semeval-dev-pairs.jsonl").open(encoding="utf-8"):
        pair = json.loads(line)
        if pair["overall"] < 3 or pair["lang1"] == pair["lang2"]:
            continue
        points = []
        for side in ("1", "2"):
            title, _, body = pair[f"text{side}"].partition("  ")
            if not title.strip() or not body.strip():
                break
            points.append(_point(remembering, settings, pair[f"lang{side}"], title.strip(), body))
        if len(points) == 2 and _one_family(remembering, settings, *points):
            joined.append(pair["pair_id"])
    assert joined == []
