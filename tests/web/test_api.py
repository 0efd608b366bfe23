"""Every API endpoint over real HTTP, on both backends, including bad input."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest

from polywire.embed import Encoder
from polywire.entities.gazetteer import territory_key
from tests.web.conftest import TOKEN, Site, serve

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def http(site: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url, timeout=60) as client:
        yield client


def the_story(http: httpx.Client) -> dict[str, Any]:
    """The seeds' story: the one with the most articles."""
    items = http.get("/api/stories").json()["items"]
    return max(items, key=lambda card: card["summary"]["articles"])


def test_stories_list_with_cards_and_paging(http: httpx.Client) -> None:
    page = http.get("/api/stories", params={"limit": 1}).json()
    assert page["limit"] == 1 and page["offset"] == 0 and len(page["items"]) == 1
    card = the_story(http)
    assert set(card["summary"]["languages"]) >= {"ru", "az", "ar", "en"}
    assert card["sources"] == len({a["site"] or a["url"] or a["source"] for a in card["articles"]})
    rest = http.get("/api/stories", params={"limit": 200, "offset": 1}).json()
    assert rest["next_offset"] is None
    assert len(rest["items"]) == len(http.get("/api/stories").json()["items"]) - 1


def test_stories_filters_and_headline_language(http: httpx.Client) -> None:
    in_ar = http.get("/api/stories", params={"lang": "ar", "headline_lang": "ar"}).json()
    assert in_ar["items"] and all("ar" in c["summary"]["languages"] for c in in_ar["items"])
    assert in_ar["items"][0]["headline_lang"] == "ar"
    assert http.get("/api/stories", params={"lang": "de"}).json()["items"] == []
    in_ara = http.get("/api/stories", params={"lang": "ara", "headline_lang": "ara"}).json()
    assert in_ara["items"] == in_ar["items"]
    later = http.get("/api/stories", params={"since": "2100-01-01T00:00:00Z"}).json()
    assert later["items"] == []
    earlier = http.get("/api/stories", params={"until": "2000-01-01T00:00:00Z"}).json()
    assert earlier["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"lang": "<script>"}, "lang"),
        ({"lang": "xx"}, "lang"),
        ({"lang": "english"}, "lang"),
        ({"headline_lang": "zz"}, "headline_lang"),
        ({"since": "yesterday-ish"}, "since"),
    ],
)
def test_bad_list_parameters_are_422_naming_the_field(
    http: httpx.Client, params: dict[str, Any], field: str
) -> None:
    response = http.get("/api/stories", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_one_story_has_its_versions_judged(http: httpx.Client) -> None:
    story_id = the_story(http)["summary"]["id"]
    story = http.get(f"/api/stories/{story_id}").json()
    family = max(story["families"], key=lambda f: len(f["versions"]))
    kinds = {v["article"]["lang"]: v["kind"] for v in family["versions"]}
    assert family["original"]["lang"] == "ru"
    assert kinds == {"az": "translation", "ar": "translation", "en": "translation"}
    assert story["event"] == {"day": "2024-10-03", "first": "2024-10-03", "last": "2024-10-03"}
    events = {a["lang"]: a["event"] for a in story["articles"]}
    assert events["ru"] == {"day": "2024-10-03", "source": "named", "confidence": 0.8}
    assert events["az"] == {"day": "--10-03", "source": "named", "confidence": 0.6}
    # Every version side by side: the headlines first, then the original's sentences.
    rows = family["aligned"]
    assert len(rows[0]["cells"]) == 4 and rows[0]["cells"][0] == family["original"]["title"]
    assert sum(all(row["cells"]) for row in rows) >= 0.9 * len(rows)
    assert http.get("/api/stories/99999").status_code == 404


def test_two_versions_side_by_side(http: httpx.Client) -> None:
    story = http.get(f"/api/stories/{the_story(http)['summary']['id']}").json()
    family = max(story["families"], key=lambda f: len(f["versions"]))
    a, b = family["original"]["id"], family["versions"][0]["article"]["id"]
    side = http.get(f"/api/stories/{story['summary']['id']}/align", params={"a": a, "b": b})
    rows = side.json()["rows"]
    assert sum(1 for left, right in rows if left and right) >= 0.9 * len(rows)
    missing = http.get(f"/api/stories/{story['summary']['id']}/align", params={"a": a, "b": 99999})
    assert missing.status_code == 404
    assert "no article 99999" in missing.json()["detail"]


def test_an_undated_article_has_no_publication_time_only_when_it_was_seen(
    http: httpx.Client,
) -> None:
    story = http.get(f"/api/stories/{the_story(http)['summary']['id']}").json()
    family = max(story["families"], key=lambda f: len(f["versions"]))
    original = family["original"]
    assert original["published_at"].startswith("2024-10-03")
    assert original["published_from"].startswith("date line")
    assert family["original_known"] is True
    versions = {v["article"]["lang"]: v for v in family["versions"]}
    undated = versions["az"]["article"]
    assert undated["published_at"] is None and undated["published_from"] is None
    assert undated["seen_at"] is not None
    # 002 (ar) was translated from 001 (az), or its source is unknown: never another.
    source = versions["ar"]["source"]
    assert source is None or source["id"] == undated["id"]


def test_one_article_with_its_text(http: httpx.Client) -> None:
    card = the_story(http)
    first = card["articles"][0]
    article = http.get(f"/api/articles/{first['id']}").json()
    assert article["article"]["title"] == first["title"]
    assert "Лукашенко" in article["body"]
    assert http.get("/api/articles/99999").status_code == 404
    assert http.get("/api/articles/not-a-number").status_code == 422


def test_search_in_russian_finds_the_story_in_every_language(http: httpx.Client) -> None:
    story = the_story(http)["summary"]["id"]
    # 004, the May state visit, is a story of its own and as much a "visit to Baku": both found.
    visit = http.get("/api/search", params={"q": "визит президента Беларуси в Баку"}).json()
    assert story in [result["card"]["summary"]["id"] for result in visit]
    results = http.get("/api/search", params={"q": "переговоры Лукашенко и Алиева в Баку"}).json()
    assert results[0]["card"]["summary"]["id"] == story
    english = http.get("/api/search", params={"q": "Lukashenko Aliyev talks"}).json()
    assert english[0]["card"]["summary"]["id"] == the_story(http)["summary"]["id"]
    scores = [result["score"] for result in results]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1
    assert http.get("/api/search", params={"q": "   "}).status_code == 422
    assert http.get("/api/search").status_code == 422


def test_a_query_about_nothing_stored_finds_nothing(http: httpx.Client) -> None:
    for query in ("chocolate cake recipe with strawberries", "Formula 1 Grand Prix qualifying"):
        assert http.get("/api/search", params={"q": query}).json() == []


def test_entities_with_their_forms_and_the_stories_naming_them(http: httpx.Client) -> None:
    story = the_story(http)["summary"]["id"]
    entities = http.get("/api/entities", params={"story": story, "limit": 200}).json()
    lukashenko = next(e for e in entities if e["label"] == "Lukashenko")
    assert set(lukashenko["languages"]) == {"ru", "az", "ar", "en"}
    # By surname and in full, one entity.
    assert lukashenko["forms"]["ar"] == ["لوكاشينكو", "ألكسندر لوكاشينكو"]
    named = http.get("/api/stories", params={"entity": lukashenko["id"]}).json()["items"]
    assert story in {card["summary"]["id"] for card in named}
    assert http.get("/api/entities", params={"story": 99999}).status_code == 404
    assert http.get("/api/entities", params={"limit": 0}).status_code == 422


def test_entities_one_article_alone_names_are_listed_only_when_asked(http: httpx.Client) -> None:
    story = the_story(http)["summary"]["id"]
    every = http.get("/api/entities", params={"story": story, "limit": 200, "min_versions": 1})
    listed = http.get("/api/entities", params={"story": story, "limit": 200}).json()
    assert {e["id"] for e in listed} < {e["id"] for e in every.json()}
    for entity in listed:  # named twice, or a country
        places = [territory_key([f], lang) for lang, fs in entity["forms"].items() for f in fs]
        assert entity["articles"] >= 2 or any(places), entity
    assert http.get("/api/entities", params={"min_versions": 0}).status_code == 422


def test_ingest_needs_the_token(http: httpx.Client) -> None:
    article = {"text": "Body.", "title": "T"}
    missing = http.post("/api/articles", json=article)
    assert missing.status_code == 401 and "missing token" in missing.json()["detail"]
    wrong = http.post("/api/articles", json=article, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["detail"] == "wrong token"


def test_ingest_stores_once_then_reports_a_duplicate(http: httpx.Client) -> None:
    article = {
        "title": "Tornado damages a stadium in Kansas",
        "text": "A tornado tore the roof off a football stadium in Wichita on Sunday night. "
        "No one was hurt, officials said, as the match had ended hours earlier.",
        "url": "https://news.example/tornado",
        "published_at": "2024-05-02T20:00:00Z",
    }
    first = http.post("/api/articles", json=article, headers=AUTH)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "ingested"
    story = first.json()["placement"]["story"]
    assert http.get(f"/api/stories/{story}").json()["summary"]["headline"] == article["title"]
    again = http.post("/api/articles", json=article, headers=AUTH)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, 'give "text", "html" or "url"'),
        ({"text": "x", "published_at": "soon"}, "datetime"),
        ({"url": "ftp://x"}, "URL scheme"),
        ({"url": "http://127.0.0.1:1/page"}, "non-public address 127.0.0.1"),
        ({"text": "   "}, "no article text found"),
    ],
)
def test_bad_ingest_input_is_422_with_a_clear_message(
    http: httpx.Client, body: dict[str, Any], message: str
) -> None:
    response = http.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 422
    assert message in str(response.json()["detail"])


def test_request_bodies_over_the_limit_are_refused(http: httpx.Client) -> None:
    huge = {"text": "word " * 20_000}  # 100 KB against a 64 KB limit
    response = http.post("/api/articles", json=huge, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["detail"] == "request body larger than 64 KB"


def test_the_store_has_one_writer_and_a_second_server_waits(
    http: httpx.Client, site: Site, encoder: Encoder
) -> None:
    article = {"title": "Floods close a bridge", "text": "Heavy rain closed the old bridge."}
    assert http.post("/api/articles", json=article, headers=AUTH).status_code in (200, 201)
    other = serve(site.settings, encoder)  # the first server is this store's writer now
    try:
        response = httpx.post(f"{other.url}/api/articles", json=article, headers=AUTH)
        assert response.status_code == 503
        assert "another process" in response.json()["detail"]
        assert response.headers["Retry-After"] == "60"
    finally:
        other.stop()


def test_ingest_is_off_without_a_configured_token(site: Site, encoder: Encoder) -> None:
    server = serve(replace(site.settings, api_token=""), encoder)
    try:
        response = httpx.post(f"{server.url}/api/articles", json={"text": "x"}, headers=AUTH)
        assert response.status_code == 403
        assert "POLYWIRE_API_TOKEN" in response.json()["detail"]
    finally:
        server.stop()


def test_reads_can_be_closed_with_the_token(site: Site, encoder: Encoder) -> None:
    server = serve(replace(site.settings, open_reads=False), encoder)
    try:
        for path in ("/api/stories", "/api/search?q=x", "/"):
            assert httpx.get(f"{server.url}{path}").status_code == 401
        assert httpx.get(f"{server.url}/api/stories", headers=AUTH).status_code == 200
    finally:
        server.stop()


def test_openapi_docs_are_served_offline_with_every_endpoint(http: httpx.Client) -> None:
    docs = http.get("/docs")
    assert docs.status_code == 200 and "/static-offline-docs/swagger-ui-bundle.js" in docs.text
    assert http.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    paths = http.get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/align",
        "/api/articles/{article_id}",
        "/api/articles",
        "/api/search",
        "/api/entities",
        "/api/subscriptions",
        "/api/subscriptions/{subscription_id}",
        "/api/subscriptions/{subscription_id}/deliveries",
    }


def test_every_response_forbids_inline_script(http: httpx.Client) -> None:
    for path in ("/", "/api/stories", "/nowhere"):
        policy = http.get(path).headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy


def test_more_concurrent_requests_than_stores_and_threads_all_finish(site: Site) -> None:
    async def burst() -> list[int]:
        async with httpx.AsyncClient(base_url=site.url, timeout=60) as client:
            responses = await asyncio.gather(
                *(client.get("/api/stories", params={"limit": 5}) for _ in range(120))
            )
        return [response.status_code for response in responses]

    assert asyncio.run(burst()) == [200] * 120


def test_pages_answer_head_requests(http: httpx.Client) -> None:
    story = the_story(http)["summary"]["id"]
    for path in ("/", f"/stories/{story}", "/search?q=Baku"):
        response = http.head(path)
        assert response.status_code == 200 and response.content == b""
        assert response.headers["content-type"].startswith("text/html")


def test_pages_answer_bad_requests_with_a_page(http: httpx.Client) -> None:
    for path, status, text in (
        ("/stories/99999", 404, "No story 99999."),
        ("/?entity=99999", 404, "No entity 99999."),
        ("/articles/abc", 422, "Bad request"),
        ("/?lang=xx", 422, "unknown language tag"),
    ):
        response = http.get(path)
        assert response.status_code == status
        assert response.headers["content-type"].startswith("text/html") and text in response.text


@pytest.mark.parametrize("too_big", [2**63, 10**23])
def test_ids_beyond_64_bits_are_not_found(http: httpx.Client, too_big: int) -> None:
    story = the_story(http)["summary"]["id"]
    for path in (
        f"/api/stories/{too_big}",
        f"/api/stories/{too_big}/align?a=1&b=2",
        f"/api/stories/{story}/align?a={too_big}&b=1",
        f"/api/articles/{too_big}",
        f"/api/entities?story={too_big}",
        f"/stories/{too_big}",
        f"/articles/{too_big}",
        f"/?entity={too_big}",
    ):
        assert http.get(path).status_code == 404, path
    listed = http.get("/api/stories", params={"entity": too_big})
    assert listed.status_code == 200 and listed.json()["items"] == []
