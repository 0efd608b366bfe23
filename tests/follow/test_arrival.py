"""Stories matched as they arrive: webhooks to a real receiver, and the Atom feed."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest

from polywire.config import Settings
from polywire.embed import Encoder
from polywire.errors import BadInput
from polywire.follow.feed import atom
from polywire.follow.subscribe import find_entity, new_subscription, storage, subscribe
from polywire.follow.webhook import SIGNATURE
from polywire.ingest import read_paths
from polywire.model import Subscription
from polywire.pipeline import Pipeline
from polywire.store import Store
from tests.conftest import CORPUS, SEEDS
from tests.follow.receiver import Receiver

RUSSIAN = "Беларусь и Азербайджан укрепляют двусторонние связи"
AZERBAIJANI, ARABIC, RUSSIAN_SEED = "001_*.txt", "002_*.txt", "000_*.txt"
OTHER_SUBJECT = CORPUS / "c-en-ecb-rates-hold.txt"


def ingest(pipeline: Pipeline, path: Path | str) -> None:
    paths = sorted(SEEDS.glob(path)) if isinstance(path, str) else [path]
    report = pipeline.ingest(read_paths(paths, 10**7))
    assert report.ingested, report.failures
    pipeline.follower.flush(30)


def follow(pipeline: Pipeline, query: str, webhook: str | None = None) -> Subscription:
    store = pipeline.store
    new = new_subscription(store, pipeline.settings, query, webhook_url=webhook)
    return subscribe(store, new, None)


def test_a_russian_subscription_is_told_of_the_azerbaijani_story_then_of_its_arabic_version(
    pipeline: Pipeline, store: Store
) -> None:
    with Receiver() as receiver, Receiver() as elsewhere:
        followed = follow(pipeline, RUSSIAN, receiver.url)
        follow(pipeline, "землетрясение в Малатье", elsewhere.url)
        assert followed.headline_lang == "ru" and followed.secret

        ingest(pipeline, AZERBAIJANI)
        assert len(receiver.received) == 1
        first = receiver.received[0]
        assert (
            first.headers[SIGNATURE]
            == "sha256="
            + hmac.new(followed.secret.encode(), first.body, hashlib.sha256).hexdigest()
        )
        assert first.headers["X-Polywire-Event"] == "new"
        told = first.json
        assert told["event"] == "new" and told["subscription"]["id"] == followed.id
        assert told["story"]["languages"] == ["az"]
        assert told["story"]["event_day"] == "--10-03"  # "oktyabrın 3-də", an undated page
        assert told["story"]["url"].endswith(f"/stories/{told['story']['id']}")

        ingest(pipeline, ARABIC)
        assert len(receiver.received) == 2
        grown = receiver.received[1].json
        assert grown["event"] == "grown" and grown["story"]["id"] == told["story"]["id"]
        assert grown["story"]["new_languages"] == ["ar"]
        assert grown["story"]["languages"] == ["ar", "az"]

        ingest(pipeline, OTHER_SUBJECT)  # another subject: nothing for either
        pipeline.close()
        assert len(receiver.received) == 2 and elsewhere.received == []

    log = storage(store).deliveries(followed.id)
    assert [(d.event, d.attempt, d.status, d.error) for d in log] == [
        ("grown", 1, 204, None),
        ("new", 1, 204, None),
    ]


def test_a_failing_receiver_is_retried_with_backoff_and_every_attempt_logged(
    pipeline: Pipeline, store: Store
) -> None:
    with Receiver((500, 503, 204)) as flaky, Receiver((500,)) as broken:
        recovers = follow(pipeline, RUSSIAN, flaky.url)
        fails = follow(pipeline, RUSSIAN, broken.url)
        ingest(pipeline, AZERBAIJANI)
        pipeline.close()
        assert len(flaky.received) == 3
        assert len({r.headers["X-Polywire-Delivery"] for r in flaky.received}) == 1
        assert len(broken.received) == pipeline.settings.webhook_retries + 1

    log = storage(store)
    assert [(d.attempt, d.status, d.error) for d in reversed(log.deliveries(recovers.id))] == [
        (1, 500, "HTTP 500"),
        (2, 503, "HTTP 503"),
        (3, 204, None),
    ]
    assert [(d.attempt, d.error) for d in reversed(log.deliveries(fails.id))] == [
        (1, "HTTP 500"),
        (2, "HTTP 500"),
        (3, "HTTP 500"),
    ]


def test_a_receiver_that_never_answers_holds_nothing_up(
    store: Store, settings: Settings, encoder: Encoder
) -> None:
    quick = replace(settings, webhook_timeout=0.5, webhook_retries=1, webhook_backoff=0.1)
    pipeline = Pipeline(store, quick, encoder=encoder)
    with Receiver(delay=30) as silent:
        followed = follow(pipeline, RUSSIAN, silent.url)
        started = time.monotonic()
        pipeline.ingest(read_paths(sorted(SEEDS.glob(AZERBAIJANI)), 10**7))
        pipeline.close()  # waits for the webhooks, as long as one may take with its retries
        assert time.monotonic() - started < 20
        assert len(silent.received) == 2
    attempts = storage(store).deliveries(followed.id)
    assert [(d.attempt, d.status, d.error) for d in reversed(attempts)] == [
        (1, None, "no answer within 0.5 s"),
        (2, None, "no answer within 0.5 s"),
    ]


def test_a_receiver_at_a_private_address_is_refused_unless_allowed(
    pipeline: Pipeline, settings: Settings
) -> None:
    closed = replace(settings, allow_private=False)
    with pytest.raises(BadInput, match=r"non-public address 127\.0\.0\.1"):
        new_subscription(pipeline.store, closed, RUSSIAN, webhook_url="http://127.0.0.1:9/hook")
    with pytest.raises(BadInput, match="not an http"):
        new_subscription(pipeline.store, settings, RUSSIAN, webhook_url="file:///etc/passwd")


def test_the_feed_shows_a_story_once_and_updates_it_as_it_grows(
    pipeline: Pipeline, store: Store
) -> None:
    followed = follow(pipeline, RUSSIAN)
    kept = storage(store)
    base = "http://127.0.0.1:8000"

    ingest(pipeline, AZERBAIJANI)
    first = feedparser.parse(atom(store, kept, followed, base))
    assert not first.bozo, first.bozo_exception
    assert len(first.entries) == 1
    entry = first.entries[0]
    assert "In az" in entry.summary and "event --10-03" in entry.summary
    assert entry.link.startswith(f"{base}/stories/")

    ingest(pipeline, ARABIC)
    ingest(pipeline, RUSSIAN_SEED)
    ingest(pipeline, OTHER_SUBJECT)
    grown = feedparser.parse(atom(store, kept, followed, base))
    assert not grown.bozo, grown.bozo_exception
    assert [e.id for e in grown.entries] == [entry.id]  # updated, not duplicated
    assert grown.entries[0].updated > entry.updated
    assert grown.entries[0].published == entry.published
    assert {tag.term for tag in grown.entries[0].tags} == {"ar", "az", "ru"}
    assert grown.entries[0].title.startswith("Беларусь и Азербайджан")  # the subscriber's language


def test_an_entity_is_followed_in_every_script_and_with_a_language_filter(
    pipeline: Pipeline, store: Store
) -> None:
    ingest(pipeline, AZERBAIJANI)  # names Lukaşenko
    lukashenko = find_entity(store, "Lukaşenko")
    settings = pipeline.settings
    anywhere = subscribe(store, new_subscription(store, settings, entity=lukashenko), None)
    in_arabic = subscribe(
        store, new_subscription(store, settings, entity=lukashenko, lang="ar"), None
    )
    october = {m.story for m in storage(store).matches(anywhere.id)}
    assert len(october) == 1  # the story stored already starts the feed
    assert storage(store).matches(in_arabic.id) == []  # it has no Arabic version yet

    # The Arabic version names him لوكاشينكو; the story now has Arabic: both are told.
    arabic = pipeline.ingest(read_paths(sorted(SEEDS.glob(ARABIC)), 10**7))
    assert {(n.subscription.id, n.story, n.event) for n in arabic.told} == {
        (anywhere.id, *october, "grown"),
        (in_arabic.id, *october, "new"),
    }
