"""What following a subject keeps in the store: a small role interface and its rows.

Any store that has these methods serves following (``SubscriptionStore``); the
main ``Store`` interface does not need to know about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

Event = Literal["new", "grown"]
"""Why a story is told: it matched for the first time, or it gained a language."""


@dataclass(frozen=True)
class NewSubscription:
    """A subject to follow: a query in any language, an entity (every form of it), or both."""

    query: str | None = None
    entity: int | None = None
    entity_name: str | None = None
    """The entity's name as the subscriber saw it: a label, not used to match."""
    lang: str | None = None
    """Only stories with an article in this language."""
    site: str | None = None
    """Only stories with an article from this site."""
    headline_lang: str | None = None
    """The language the feed names each story in, when the story has it."""
    webhook_url: str | None = None
    secret: str | None = None
    """The key each webhook body is signed with (HMAC-SHA256)."""


@dataclass(frozen=True, kw_only=True)
class Subscription(NewSubscription):
    id: int
    created_at: datetime


@dataclass(frozen=True)
class Match:
    """A story a subscription has told, with the languages it had when last told."""

    subscription: int
    story: int
    languages: tuple[str, ...]
    first_matched: datetime
    updated: datetime


@dataclass(frozen=True)
class Delivery:
    """One attempt to deliver a webhook."""

    subscription: int
    story: int
    event: Event
    attempt: int
    """1 for the first try, then one more per retry."""
    status: int | None
    """The receiver's HTTP status; None when no answer came."""
    error: str | None
    """Why the attempt failed; None when it succeeded."""
    at: datetime


@runtime_checkable
class SubscriptionStore(Protocol):
    def add_subscription(self, new: NewSubscription) -> Subscription: ...

    def subscriptions(self) -> list[Subscription]:
        """Every subscription, oldest first."""
        ...

    def remove_subscription(self, subscription_id: int) -> bool:
        """Forget a subscription with its matches and deliveries; False if there was none."""
        ...

    def matches(self, subscription_id: int, story_id: int | None = None) -> list[Match]:
        """The stories the subscription has told (only ``story_id``, if given), most recently
        updated first."""
        ...

    def put_match(self, match: Match) -> None:
        """Remember a story told, replacing its languages and ``updated`` if told before;
        nothing when the subscription is gone (removed while a story was being matched)."""
        ...

    def log_delivery(self, delivery: Delivery) -> None:
        """Log an attempt; nothing when the subscription is gone (removed while it was
        being delivered)."""
        ...

    def deliveries(self, subscription_id: int, limit: int = 50) -> list[Delivery]:
        """The subscription's delivery attempts, newest first."""
        ...
