"""Making a subscription, the same for the command line, the API and the pages: each field
checked with a clear message, and the stories that already match put in its feed."""

from __future__ import annotations

import secrets

from polywire.catalogue import Catalogue
from polywire.config import Settings
from polywire.errors import BadInput
from polywire.follow.match import Matcher, follows
from polywire.follow.storage import SubscriptionStore
from polywire.language import detect_language, known_tag
from polywire.model import Entity, Match, NewSubscription, Subscription
from polywire.search import MAX_QUERY_CHARS, Searcher
from polywire.store.sql import is_id

BACKFILL = 50
"""Stories already stored that a new subscription's feed starts with, at most."""


def storage(store: Catalogue) -> SubscriptionStore:
    """The store as following's storage; a store without it cannot follow anything."""
    kept = follows(store)
    if kept is None:
        raise BadInput("this store cannot keep subscriptions")
    return kept


def find_entity(store: Catalogue, wanted: str) -> Entity:
    """An entity by its id, or by any form it is written in (any script, any case)."""
    if wanted.strip().isdigit():
        entity_id = int(wanted)
        found = store.entity(entity_id) if is_id(entity_id) else None
        if found is None:
            raise BadInput(f"no entity {wanted}: see `polywire entities`")
        return found
    folded = wanted.strip().casefold()
    for entity in store.entities(limit=100_000, min_versions=1):
        forms = [entity.label, *(form for group in entity.forms.values() for form in group)]
        if any(form.casefold() == folded for form in forms):
            return entity
    raise BadInput(f"no entity is written “{wanted}”: see `polywire entities`")


def new_subscription(
    store: Catalogue,
    settings: Settings,
    query: str | None = None,
    entity: Entity | None = None,
    lang: str | None = None,
    site: str | None = None,
    headline_lang: str | None = None,
    webhook_url: str | None = None,
) -> NewSubscription:
    """A subscription checked field by field; raises ``BadInput`` saying what is wrong."""
    query = " ".join(query.split()) if query else None
    site = site.strip() if site else None
    if not query and entity is None:
        raise BadInput("give a query, an entity, or both")
    if query and len(query) > MAX_QUERY_CHARS:
        raise BadInput(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if len(storage(store).subscriptions()) >= settings.max_subscriptions:
        raise BadInput(
            f"{settings.max_subscriptions} subjects are followed already "
            "(POLYWIRE_MAX_SUBSCRIPTIONS): remove one first"
        )
    try:
        lang = known_tag(lang) if lang else None
        headline_lang = known_tag(headline_lang) if headline_lang else None
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    if headline_lang is None:
        # A subscriber who asks in Russian reads Russian headlines where a story has them.
        asked = detect_language(query) if query else "und"
        headline_lang = lang or (asked if asked != "und" else None)
    secret = None
    if webhook_url:
        from polywire.follow.webhook import check_address

        check_address(webhook_url, settings)
        secret = secrets.token_hex(32)
    return NewSubscription(
        query=query,
        entity=entity.id if entity else None,
        entity_name=entity.label if entity else None,
        lang=lang,
        site=site or None,
        headline_lang=headline_lang,
        webhook_url=webhook_url or None,
        secret=secret,
    )


def subscribe(store: Catalogue, new: NewSubscription, searcher: Searcher | None) -> Subscription:
    """Keep the subscription, with the stories that match it already as its feed's first
    entries (told to no webhook: they are not new). ``searcher`` finds them for a query."""
    kept = storage(store)
    subscription = kept.add_subscription(new)
    if new.query and searcher is not None:
        candidates = [found.story for found in searcher.stories(store, new.query, BACKFILL)]
    elif new.query:
        candidates = []
    else:
        candidates = [s.id for s in store.stories(entity=new.entity, limit=BACKFILL)]
    rows = store.story_articles(candidates)
    articles = [row.id for found in rows.values() for row in found]
    names = store.entity_ids(articles) if new.entity is not None else {}
    for story in candidates:
        found = rows.get(story, [])
        named = set().union(*(names.get(row.id, set()) for row in found))
        if found and Matcher.filters_pass(subscription, found, named):
            languages = tuple(sorted({row.lang for row in found}))
            # As of when Polywire last added to it: the feed lists them by their own news.
            grew = max(row.ingested_at for row in found)
            kept.put_match(Match(subscription.id, story, languages, grew, grew))
    return subscription
