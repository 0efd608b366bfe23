"""A subscription's Atom feed: one entry per story it has told, updated as the story grows.

An entry's id is fixed by the subscription and the story, so a feed reader
shows a story once; when the story gains a language the entry keeps its id
and gets a new ``updated`` time, which readers show as an update.
"""

from __future__ import annotations

import uuid

from feedgen.feed import FeedGenerator

from polywire import __version__
from polywire.catalogue import Catalogue
from polywire.follow.describe import StoryNote, note, subject
from polywire.follow.storage import SubscriptionStore
from polywire.model import Subscription

ENTRIES = 100
"""Entries a feed holds: the stories most recently told."""


def entry_id(subscription: Subscription, story: int) -> str:
    """The same for the life of the subscription, whatever address the server is reached at."""
    created = subscription.created_at.isoformat()
    name = f"polywire:subscription:{subscription.id}:{created}:story:{story}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def atom(store: Catalogue, kept: SubscriptionStore, subscription: Subscription, base: str) -> bytes:
    """The Atom document; ``base`` is the server's address, for links (no trailing slash)."""
    feed = FeedGenerator()
    feed.id(entry_id(subscription, 0))
    feed.title(f"Polywire: {subject(subscription)}")
    feed.subtitle("New stories on this subject, in any language, as Polywire finds them.")
    feed.author({"name": "Polywire"})
    feed.generator("Polywire", __version__)
    feed.link(href=f"{base}/follow/{subscription.id}.atom", rel="self")
    feed.link(href=f"{base}/follow/{subscription.id}", rel="alternate")
    if subscription.headline_lang:
        feed.language(subscription.headline_lang)
    matches = kept.matches(subscription.id)[:ENTRIES]
    feed.updated(matches[0].updated if matches else subscription.created_at)
    # feedgen puts the entry added last first; oldest added first keeps the newest on top.
    for match in reversed(matches):
        told = note(store, match.story, subscription.headline_lang)
        if told is None:
            continue
        entry = feed.add_entry()
        entry.id(entry_id(subscription, match.story))
        entry.title(told.headline)
        entry.link(href=f"{base}/stories/{told.id}", rel="alternate")
        entry.published(match.first_matched)
        entry.updated(match.updated)
        entry.summary(summary(told))
        for lang in told.languages:
            entry.category(term=lang, label=lang)
    xml: bytes = feed.atom_str(pretty=True)
    return xml


def summary(told: StoryNote) -> str:
    event = f" · event {told.event_day}" if told.event_day else ""
    return (
        f"In {', '.join(told.languages)} · {told.articles} articles · "
        f"first from {told.first_source}{event}"
    )
