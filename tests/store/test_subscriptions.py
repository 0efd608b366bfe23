"""The storage following a subject needs (``SubscriptionStore``), on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from polywire.cluster import Assignment
from polywire.follow.storage import SubscriptionStore
from polywire.model import Article, Delivery, Match, NewSubscription
from polywire.store import NewArticle, Store

WHEN = datetime(2024, 10, 3, 12, tzinfo=UTC)


def story(store: Store, n: int) -> int:
    article = Article(source=f"f{n}", title=f"T{n}", body=f"B{n}.", lang="en", published_at=WHEN)
    new = NewArticle(article, f"h{n}", WHEN, np.ones(4, dtype=np.float32))
    return store.add(new, Assignment(None, None, None)).story


def test_every_store_keeps_subscriptions(store: Store) -> None:
    assert isinstance(store, SubscriptionStore)
    wanted = NewSubscription(
        query="землетрясение в Турции",
        entity=7,
        entity_name="Malatya",
        lang="az",
        site="apa.az",
        headline_lang="ru",
        webhook_url="http://127.0.0.1:9/hook",
        secret="s3cret",
    )
    first = store.add_subscription(wanted)
    second = store.add_subscription(NewSubscription(entity=3))
    assert first.id != second.id and first.created_at is not None
    assert NewSubscription(**{f: getattr(first, f) for f in vars(wanted)}) == wanted
    assert store.subscriptions() == [first, second]
    assert second.query is None and second.webhook_url is None

    assert store.remove_subscription(first.id)
    assert not store.remove_subscription(first.id)
    assert not store.remove_subscription(2**70)
    assert store.subscriptions() == [second]


def test_matches_are_kept_once_per_story_and_updated(store: Store) -> None:
    assert isinstance(store, SubscriptionStore)
    sub = store.add_subscription(NewSubscription(query="quake"))
    one, two = story(store, 1), story(store, 2)
    store.put_match(Match(sub.id, one, ("az",), WHEN, WHEN))
    store.put_match(Match(sub.id, two, ("en",), WHEN, WHEN + timedelta(minutes=1)))
    later = WHEN + timedelta(hours=1)
    store.put_match(Match(sub.id, one, ("ar", "az"), later, later))

    found = store.matches(sub.id)
    assert [m.story for m in found] == [one, two]  # most recently updated first
    assert found[0] == Match(sub.id, one, ("ar", "az"), WHEN, later)  # first match kept
    minute = WHEN + timedelta(minutes=1)
    assert store.matches(sub.id, story_id=two) == [Match(sub.id, two, ("en",), WHEN, minute)]
    assert store.matches(sub.id, story_id=2**70) == []

    store.remove_subscription(sub.id)
    assert store.matches(sub.id) == []


def test_deliveries_are_logged_newest_first(store: Store) -> None:
    assert isinstance(store, SubscriptionStore)
    sub = store.add_subscription(NewSubscription(query="quake", webhook_url="http://x.test/"))
    other = store.add_subscription(NewSubscription(query="vote"))
    failed = Delivery(sub.id, 5, "new", 1, 500, "HTTP 500", WHEN)
    delivered = Delivery(sub.id, 5, "new", 2, 204, None, WHEN + timedelta(seconds=2))
    store.log_delivery(failed)
    store.log_delivery(delivered)
    store.log_delivery(Delivery(other.id, 5, "grown", 1, None, "timed out", WHEN))
    assert store.deliveries(sub.id) == [delivered, failed]
    assert store.deliveries(sub.id, limit=1) == [delivered]
    assert store.deliveries(2**70) == []


def test_a_removed_subscription_takes_no_more_matches_or_deliveries(store: Store) -> None:
    assert isinstance(store, SubscriptionStore)
    sub = store.add_subscription(NewSubscription(query="quake", webhook_url="http://x.test/"))
    one = story(store, 1)
    assert store.remove_subscription(sub.id)
    # A watch matching, or a webhook finishing, as another process removes it: no error.
    store.put_match(Match(sub.id, one, ("en",), WHEN, WHEN))
    store.log_delivery(Delivery(sub.id, one, "new", 1, 204, None, WHEN))
    assert store.matches(sub.id) == [] and store.deliveries(sub.id) == []
