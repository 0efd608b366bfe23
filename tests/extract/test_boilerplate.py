from __future__ import annotations

from polywire.extract.boilerplate import REASON, UnstoredLines, remove_site_template, site_lines
from polywire.model import Article
from polywire.store import Store


def learn_site_lines(article: Article, store: Store) -> None:
    """Count the page's lines, as storing it would."""
    lines = site_lines(article)
    assert lines is not None
    store.add_site_lines(*lines)


TEMPLATE = "Abunə olun və xəbərlərimizi sosial şəbəkələrdə izləyin, heç nə qaçırmayın."


def page(n: int, site: str | None = "xeber.example") -> Article:
    body = f"Paragraph {n} of a real story, long enough to read as prose here.\n{TEMPLATE}"
    return Article(source=f"p{n}", title=f"Story {n}", body=body, site=site)


def test_a_line_on_two_earlier_pages_of_a_site_is_dropped_from_the_third(store: Store) -> None:
    for n in (1, 2):
        article = remove_site_template(page(n), store)
        assert TEMPLATE in article.body  # not yet known as template
        learn_site_lines(article, store)
    third = remove_site_template(page(3), store)
    assert TEMPLATE not in third.body
    assert third.body.startswith("Paragraph 3")
    assert third.removed[-1].text == TEMPLATE
    assert third.removed[-1].reason == REASON


def test_other_sites_and_unknown_sites_are_untouched(store: Store) -> None:
    for n in (1, 2):
        learn_site_lines(page(n), store)
    assert TEMPLATE in remove_site_template(page(3, site="other.example"), store).body
    assert TEMPLATE in remove_site_template(page(3, site=None), store).body


def test_a_page_that_is_all_template_is_left_whole(store: Store) -> None:
    only = Article(source="x", title="T", body=TEMPLATE, site="xeber.example")
    for _ in range(3):
        learn_site_lines(only, store)
    assert remove_site_template(only, store).body == TEMPLATE


def test_pages_admitted_but_not_stored_count_until_they_are_placed(store: Store) -> None:
    unstored = UnstoredLines(store)
    for n in (1, 2):
        unstored.admitted(site_lines(page(n)))
    assert TEMPLATE not in remove_site_template(page(3), unstored).body
    for n in (1, 2):
        unstored.placed(site_lines(page(n)))  # given up: counted nowhere
    assert TEMPLATE in remove_site_template(page(3), unstored).body
