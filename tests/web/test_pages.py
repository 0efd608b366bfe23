"""The real pages in headless Chromium: browse, compare versions, search, and stay safe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
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


def test_front_page_and_a_story_with_every_version_side_by_side(
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
    assert badges(browser, ".story-head .meta") == {"ar", "az", "en", "ru"}
    # 000–003: 004, on the May visit, is another story.
    assert len(browser.find_elements(By.CSS_SELECTOR, "section svg.timeline circle")) == 4
    # Each article's event day, apart from its time: 000 alone gives the year.
    assert len(browser.find_elements(By.CSS_SELECTOR, "section svg.timeline rect.event")) == 1
    assert browser.find_element(By.CSS_SELECTOR, ".event-date").text == "Event 2024-10-03"
    family = the_largest_family(browser)
    heads = family.find_elements(By.CSS_SELECTOR, ".version-head")
    langs = [h.find_element(By.CSS_SELECTOR, ".badge").text for h in heads]
    assert langs[0] == "ru" and sorted(langs[1:]) == ["ar", "az", "en"]
    kinds = [h.find_element(By.CSS_SELECTOR, ".kind").text for h in heads]
    assert kinds[0] == "original" and all(k.startswith("translation") for k in kinds[1:])
    # All four side by side on one line, each sentence row across all of them.
    assert len({round(h.location["y"]) for h in heads}) == 1
    rows = family.find_elements(By.CSS_SELECTOR, ".aligned-row[role=row]:not(.aligned-head)")
    complete = [r for r in rows if "partial" not in (r.get_attribute("class") or "")]
    assert len(rows) >= 5 and len(complete) >= 0.9 * len(rows)
    assert all(len(r.find_elements(By.CSS_SELECTOR, ".cell")) == 4 for r in rows)
    arabic = family.find_element(By.CSS_SELECTOR, ".cell[lang=ar]")
    assert arabic.value_of_css_property("direction") == "rtl"
    assert no_sideways_scroll(browser)
    browser.save_screenshot(str(artifacts / f"story-{site.backend}.png"))
    family.screenshot(str(artifacts / f"versions-{site.backend}.png"))

    facets = {a.text: a for a in browser.find_elements(By.CSS_SELECTOR, ".facets a")}
    assert {"Lukashenko", "Baku", "Minsk", "Ilham Aliyev", "Heydar Aliyev"} <= set(facets)
    facets["Baku"].click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Stories naming Baku"
    assert "باكو" in browser.find_element(By.CSS_SELECTOR, ".entity-forms").text


def test_at_phone_width_the_versions_stack_without_sideways_scroll(
    site: Site, browser: webdriver.Chrome, artifacts: Path
) -> None:
    story = seeds_story(site)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        browser.get(f"{site.url}/stories/{story}")
        family = the_largest_family(browser)
        heads = family.find_elements(By.CSS_SELECTOR, ".version-head")
        assert len(heads) == 4 and all(h.is_displayed() for h in heads)
        assert len({round(h.location["y"]) for h in heads}) == 4  # stacked, one under another
        row = family.find_elements(By.CSS_SELECTOR, ".aligned-row:not(.aligned-head)")[1]
        assert (
            len([c for c in row.find_elements(By.CSS_SELECTOR, ".cell") if c.is_displayed()]) >= 3
        )
        assert no_sideways_scroll(browser)
        browser.save_screenshot(str(artifacts / f"story-390px-{site.backend}.png"))
        family.screenshot(str(artifacts / f"versions-390px-{site.backend}.png"))
        browser.get(f"{site.url}/?lang=ar")
        assert no_sideways_scroll(browser)
        browser.save_screenshot(str(artifacts / f"front-390px-{site.backend}.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_an_arabic_article_keeps_its_header_in_order(
    site: Site, browser: webdriver.Chrome, artifacts: Path
) -> None:
    articles = httpx.get(f"{site.url}/api/stories/{seeds_story(site)}", timeout=60).json()
    arabic = next(row for row in articles["articles"] if row["lang"] == "ar")
    browser.get(f"{site.url}/articles/{arabic['id']}")
    title = browser.find_element(By.TAG_NAME, "h1")
    assert title.value_of_css_property("direction") == "rtl"
    meta = browser.find_element(By.CSS_SELECTOR, ".article-meta")
    assert meta.value_of_css_property("direction") == "ltr"
    badge, source = (meta.find_element(By.CSS_SELECTOR, css) for css in (".badge", "bdi"))
    story_link = meta.find_element(By.PARTIAL_LINK_TEXT, "story")
    # Read left to right: the language, then the file, then the story, as written.
    assert badge.location["x"] < source.location["x"] < story_link.location["x"]
    assert source.text.endswith(".txt")
    body = browser.find_element(By.CSS_SELECTOR, ".article-body p")
    assert body.value_of_css_property("direction") == "rtl"
    browser.save_screenshot(str(artifacts / f"article-ar-{site.backend}.png"))


def seeds_story(site: Site) -> int:
    items = httpx.get(f"{site.url}/api/stories", timeout=60).json()["items"]
    return int(max(items, key=lambda card: card["summary"]["articles"])["summary"]["id"])


def the_largest_family(browser: webdriver.Chrome) -> WebElement:
    families = browser.find_elements(By.CSS_SELECTOR, ".family")
    return max(families, key=lambda f: len(f.find_elements(By.CSS_SELECTOR, ".version-head")))


def no_sideways_scroll(browser: webdriver.Chrome) -> bool:
    return bool(
        browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
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
    headlines = browser.find_elements(By.CSS_SELECTOR, ".card h2[lang='ar']")
    assert headlines and headlines[0].get_attribute("dir") == "auto"
    # Read right to left, and aligned to the right of the card.
    assert headlines[0].value_of_css_property("direction") == "rtl"
    card = headlines[0].find_element(By.XPATH, "./ancestor::article")
    link = headlines[0].find_element(By.TAG_NAME, "a")
    right_gap = card.rect["x"] + card.rect["width"] - (link.rect["x"] + link.rect["width"])
    assert right_gap < link.rect["x"] - card.rect["x"]


def test_a_russian_search_finds_the_english_story(
    site: Site, browser: webdriver.Chrome, artifacts: Path
) -> None:
    browser.get(site.url)
    box = browser.find_element(By.NAME, "q")
    assert box.get_attribute("dir") == "auto"
    box.send_keys("Лукашенко встретился с Алиевым")
    box.submit()
    result = browser.find_element(By.CSS_SELECTOR, ".result .card")
    assert "en" in {b.text for b in result.find_elements(By.CSS_SELECTOR, ".badge")}
    score = browser.find_element(By.CSS_SELECTOR, ".result .score").text
    assert score.startswith("relevance 0.")
    browser.save_screenshot(str(artifacts / f"search-{site.backend}.png"))
    result.find_element(By.CSS_SELECTOR, "h2 a").click()
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".articles li a")]
    assert any(title.startswith("Belarus and Azerbaijan Strengthen") for title in titles)


def test_an_unrelated_query_finds_no_story(
    site: Site, browser: webdriver.Chrome, artifacts: Path
) -> None:
    browser.get(site.url)
    box = browser.find_element(By.NAME, "q")
    box.send_keys("chocolate cake recipe with strawberries")
    box.submit()
    assert browser.find_element(By.CSS_SELECTOR, "main .meta").text.startswith("0 stories")
    assert not browser.find_elements(By.CSS_SELECTOR, ".result")
    assert "No story is about this" in browser.find_element(By.CSS_SELECTOR, ".empty").text
    browser.save_screenshot(str(artifacts / f"search-unrelated-{site.backend}.png"))


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
