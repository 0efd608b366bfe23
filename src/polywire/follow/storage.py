"""What following a subject keeps in the store: a small role interface.

Any store that has these methods serves following (``SubscriptionStore``); its rows are
plain data in ``polywire.model``, so the store needs nothing from here.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from polywire.model import Delivery, Match, NewSubscription, Subscription


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
