"""The real pages in headless Chromium: browse, compare versions, search, and stay safe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.web.browser import chromium
from tests.web.conftest import TOKEN, Site


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    driver = chromium()
    yield driver
    driver.quit()


def badges(scope: webdriver.Chrome, css: str) -> set[str]:
    return {e.text for e in scope.find_elements(By.CSS_SELECTOR, f"{css} .badge")}


def test_front_page_story_and_side_by_side(
    site: Site, browser: webdriver.Chrome, artifacts: Path
) -> None:
    browser.get(f"{site.url}/?lang=en")
    cards = browser.find_elements(By.CSS_SELECTOR, ".card")
    story = max(cards, key=lambda card: len(card.find_elements(By.CSS_SELECTOR, ".meta .badge")))
    assert {b.text for b in story.find_elements(By.CSS_SELECTOR, ".meta .badge")} == {
        "ar",
        "az",
        "en",
        "ru",
    }
    assert story.find_elements(By.CSS_SELECTOR, "svg.timeline circle")
    browser.save_screenshot(str(artifacts / f"front-{site.backend}.png"))

    story.find_element(By.CSS_SELECTOR, "h2 a").click()
    assert badges(browser, "main > .meta") == {"ar", "az", "en", "ru"}
    # 000–003: 004, on the May visit, is another story.
    assert len(browser.find_elements(By.CSS_SELECTOR, "section svg.timeline circle")) == 4
    # Each article's event day, apart from its time: 000 alone gives the year.
    assert len(browser.find_elements(By.CSS_SELECTOR, "section svg.timeline rect.event")) == 1
    assert browser.find_element(By.CSS_SELECTOR, ".event-date").text == "Event 2024-10-03"
    kinds = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".tree .kind")]
    assert kinds[0] == "original" and sum(k.startswith("translation") for k in kinds) == 3
    browser.save_screenshot(str(artifacts / f"story-{site.backend}.png"))
    facets = {a.text: a for a in browser.find_elements(By.CSS_SELECTOR, ".facets a")}
    assert {"Lukashenko", "Baku", "Minsk", "Ilham Aliyev", "Heydar Aliyev"} <= set(facets)
    story_url = browser.current_url
    facets["Baku"].click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Stories naming Baku"
    assert "باكو" in browser.find_element(By.CSS_SELECTOR, ".entity-forms").text
    browser.get(story_url)

    arabic = next(
        li
        for li in browser.find_elements(By.CSS_SELECTOR, ".tree ul li")
        if li.find_element(By.CSS_SELECTOR, ".badge").text == "ar"
    )
    arabic.find_element(By.CSS_SELECTOR, "a.compare").click()
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.aligned th")]
    assert " ru " in f" {headers[0]} " and " ar " in f" {headers[1]} "
    rows = browser.find_elements(By.CSS_SELECTOR, "table.aligned tbody tr")
    matched = [r for r in rows if "unmatched" not in (r.get_attribute("class") or "")]
    assert len(rows) >= 5 and len(matched) >= 0.9 * len(rows)
    browser.find_element(By.ID, "side").screenshot(
        str(artifacts / f"side-by-side-{site.backend}.png")
    )


def test_undated_articles_are_labelled_and_drawn_apart_on_the_timeline(
    site: Site, browser: webdriver.Chrome, artifacts: Path
) -> None:
    browser.get(f"{site.url}/?lang=en")
    cards = browser.find_elements(By.CSS_SELECTOR, ".card")
    story = max(cards, key=lambda card: len(card.find_elements(By.CSS_SELECTOR, ".meta .badge")))
    story.find_element(By.CSS_SELECTOR, "h2 a").click()
    # 000 has a date line; 001–003 say nothing of when they were published.
    dots = browser.find_elements(By.CSS_SELECTOR, "section svg.timeline circle")
    published = browser.find_elements(By.CSS_SELECTOR, "section svg.timeline circle.published")
    seen = browser.find_elements(By.CSS_SELECTOR, "section svg.timeline circle.first-seen")
    assert len(published) == 1 and len(seen) == len(dots) - 1 >= 3
    assert "undated" in browser.find_element(By.CSS_SELECTOR, ".legend").text
    dates = {
        li.find_element(By.CSS_SELECTOR, ".badge").text: li.find_element(By.CSS_SELECTOR, ".date")
        for li in browser.find_elements(By.CSS_SELECTOR, "ul.articles li")
    }
    assert dates["ru"].text.startswith("published 2024-10-03")
    assert dates["az"].text.startswith("undated, first seen ")
    assert "undated" in (dates["az"].get_attribute("class") or "")
    browser.save_screenshot(str(artifacts / f"story-dates-{site.backend}.png"))

    dates["az"].find_element(By.XPATH, "..").find_element(By.XPATH, "../a").click()
    meta = browser.find_element(By.CSS_SELECTOR, "article.text .meta").text
    assert "undated, first seen " in meta and "published" not in meta


def test_headline_language_follows_the_readers_choice(
    site: Site, browser: webdriver.Chrome
) -> None:
    browser.get(f"{site.url}/?lang=en")
    Select(browser.find_element(By.NAME, "lang")).select_by_value("ar")  # enhance.js submits
    browser.implicitly_wait(5)
    assert browser.current_url.endswith("lang=ar")
    headlines = browser.find_elements(By.CSS_SELECTOR, ".card h2 a[lang='ar']")
    assert headlines and headlines[0].get_attribute("dir") == "auto"


def test_a_russian_search_finds_the_english_story(
    site: Site, browser: webdriver.Chrome, artifacts: Path
) -> None:
    browser.get(site.url)
    box = browser.find_element(By.NAME, "q")
    box.send_keys("Лукашенко встретился с Алиевым")
    box.submit()
    result = browser.find_element(By.CSS_SELECTOR, ".result .card")
    assert "en" in {b.text for b in result.find_elements(By.CSS_SELECTOR, ".badge")}
    browser.save_screenshot(str(artifacts / f"search-{site.backend}.png"))
    result.find_element(By.CSS_SELECTOR, "h2 a").click()
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".articles li a")]
    assert any(title.startswith("Belarus and Azerbaijan Strengthen") for title in titles)


def test_hostile_article_text_shows_as_text_and_runs_nothing(
    site: Site, browser: webdriver.Chrome, artifacts: Path
) -> None:
    hostile = (
        "Officials said on Monday that the talks "
        '<script>document.title="pwned";window.pwned=1</script> would go on next week.\n'
        'A second line <img src=x onerror="window.pwned=2"> with more words in it.'
    )
    response = httpx.post(
        f"{site.url}/api/articles",
        json={"title": "<script>window.pwned=3</script> Headline", "text": hostile},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    story = response.json()["placement"]["story"]
    article = httpx.get(f"{site.url}/api/stories/{story}").json()["articles"][0]["id"]

    for path in (f"/articles/{article}", f"/stories/{story}", "/"):
        browser.get(f"{site.url}{path}")
        assert browser.execute_script("return window.pwned") is None
        assert browser.title != "pwned"
        assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img")
    browser.get(f"{site.url}/articles/{article}")
    text = browser.find_element(By.CSS_SELECTOR, "article.text").text
    assert "<script>document.title=" in text and '<img src=x onerror="window.pwned=2">' in text
    browser.save_screenshot(str(artifacts / f"hostile-{site.backend}.png"))
