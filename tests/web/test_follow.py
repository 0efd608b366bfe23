"""Following over HTTP: "Follow this" in headless Chromium, the feed, and the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import feedparser
import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.web.browser import chromium
from tests.web.conftest import TOKEN, Site

AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUERY = "Беларусь и Азербайджан укрепляют двусторонние связи"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture
def http(site: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url, timeout=60) as client:
        yield client


def follow_this(browser: webdriver.Chrome) -> None:
    """Press "Follow this" and wait for the subscription's page."""
    browser.find_element(By.CSS_SELECTOR, "form.follow button").click()
    WebDriverWait(browser, 30).until(lambda b: "/follow/" in b.current_url)


def test_follow_this_on_a_search_page_makes_a_subscription_whose_feed_works(
    site: Site, browser: webdriver.Chrome, http: httpx.Client, artifacts: Path
) -> None:
    before = http.get("/api/subscriptions").json()
    browser.get(f"{site.url}/search?q={quote(QUERY)}&lang=ru")
    follow_this(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Following “{QUERY}”"
    told = browser.find_elements(By.CSS_SELECTOR, ".card h2 a")
    assert told  # the seeds' story, found already, starts the feed
    browser.save_screenshot(str(artifacts / f"follow-{site.backend}.png"))
    after = http.get("/api/subscriptions").json()
    assert len(after) == len(before) + 1
    made = after[-1]
    assert made["query"] == QUERY and made["headline_lang"] == "ru"
    assert made["webhook_url"] is None and made["stories"]

    link = browser.find_element(By.CSS_SELECTOR, "a.feed-link")
    feed_url = link.get_attribute("href")
    assert feed_url is not None and feed_url == made["feed"]
    link.click()
    WebDriverWait(browser, 30).until(lambda b: b.current_url == feed_url)
    assert "Polywire" in browser.page_source
    response = http.get(feed_url)
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.link for e in parsed.entries] == [
        f"{site.url}/stories/{story}" for story in made["stories"]
    ]


def test_follow_this_on_an_entity_page(site: Site, browser: webdriver.Chrome) -> None:
    entities = httpx.get(f"{site.url}/api/entities", params={"limit": 200}).json()
    minsk = next(e for e in entities if e["label"] == "Minsk")
    browser.get(f"{site.url}/?entity={minsk['id']}&lang=en")
    follow_this(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Following Minsk"
    assert browser.find_elements(By.CSS_SELECTOR, ".card h2 a")


def test_subscriptions_over_the_api(http: httpx.Client) -> None:
    made = http.post("/api/subscriptions", json={"query": QUERY, "lang": "az"})
    assert made.status_code == 201, made.text
    sub = made.json()
    assert sub["secret"] is None and sub["lang"] == "az" and sub["headline_lang"] == "az"
    assert http.get(f"/api/subscriptions/{sub['id']}").json()["stories"] == sub["stories"]
    assert "secret" not in http.get(f"/api/subscriptions/{sub['id']}").json()

    hook = {"query": QUERY, "webhook_url": "http://127.0.0.1:9/hook"}
    assert http.post("/api/subscriptions", json=hook).status_code == 401
    refused = http.post("/api/subscriptions", json=hook, headers=AUTH)
    assert refused.status_code == 422 and "non-public address" in refused.json()["detail"]

    assert http.delete(f"/api/subscriptions/{sub['id']}").status_code == 401
    assert http.get(f"/api/subscriptions/{sub['id']}/deliveries", headers=AUTH).json() == []
    assert http.delete(f"/api/subscriptions/{sub['id']}", headers=AUTH).status_code == 204
    assert http.get(f"/api/subscriptions/{sub['id']}").status_code == 404
    assert http.get(f"/follow/{sub['id']}.atom").status_code == 404


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, "give a query, an entity, or both"),
        ({"query": "   "}, "give a query, an entity, or both"),
        ({"query": "x", "lang": "xx"}, "unknown language tag"),
        ({"entity": 999999}, "no entity 999999"),
    ],
)
def test_a_bad_subscription_is_refused_with_its_reason(
    http: httpx.Client, body: dict[str, object], says: str
) -> None:
    refused = http.post("/api/subscriptions", json=body)
    assert refused.status_code == 422 and says in refused.json()["detail"]
