"""Following, as the pipeline runs it: each batch's stories checked against every subscription,
what matched remembered in the store (the feeds read it), and webhooks sent.

The pipeline calls ``arrived`` for each article it stores and ``check`` after
each batch, so ``ingest``, ``watch`` and the API's ingest all tell subscribers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from polywire.catalogue import Catalogue
from polywire.config import Settings
from polywire.embed import Encoder
from polywire.follow.describe import note
from polywire.follow.match import Matcher, Notice, follows
from polywire.follow.webhook import Deliverer
from polywire.model import ArticleRow, Match, Subscription
from polywire.timeutil import now

CLOSE_MARGIN = 2.0
"""Seconds beyond its timeouts and pauses a webhook gets at close: a busy machine's threads
start late."""


class Follower:
    def __init__(self, store: Catalogue, encoder: Encoder, settings: Settings) -> None:
        self.store = store
        self.kept = follows(store)
        self.settings = settings
        self.matcher = Matcher(encoder, settings.search_cutoff)
        self._arrived: dict[int, list[npt.NDArray[np.float32]]] = {}
        # (subscription, story) pairs whose query an article has passed in this process, so a
        # story that meets the query first and a filter later is still told.
        self._passed: set[tuple[int, int]] = set()
        self._told_by: dict[int, dict[int, Match]] = {}
        self._deliverer: Deliverer | None = None

    def arrived(self, story: int, vector: npt.NDArray[np.float32]) -> None:
        """An article with this headline+lead vector was stored in ``story``."""
        if self.kept is not None:
            self._arrived.setdefault(story, []).append(vector)

    def check(self) -> list[Notice]:
        """Match the stories touched since the last check, remember what matched, and queue
        the webhooks; the notices."""
        notices = self._match()
        for notice in notices:
            if notice.subscription.webhook_url:
                told = note(self.store, notice.story, notice.subscription.headline_lang)
                if told is not None:
                    self._webhooks().send(notice, told)
        self.drain()
        return notices

    def _webhooks(self) -> Deliverer:
        if self._deliverer is None:
            self._deliverer = Deliverer(self.settings)
        return self._deliverer

    def drain(self) -> None:
        """Log the webhook attempts made since the last time."""
        if self._deliverer is not None and self.kept is not None:
            self._deliverer.drain(self.kept)

    def flush(self, seconds: float | None = None) -> None:
        """Wait for the webhooks queued so far (up to ``seconds``), and log them."""
        if self._deliverer is not None:
            self._deliverer.wait(seconds)
        self.drain()

    def close(self) -> None:
        """Give queued webhooks the time one of them may take with its retries, then stop."""
        if self._deliverer is None:
            return
        s = self.settings
        attempts = (s.webhook_retries + 1) * s.webhook_timeout
        pauses = s.webhook_backoff * (2**s.webhook_retries - 1)
        self._deliverer.close(attempts + pauses + CLOSE_MARGIN)
        self.drain()
        self._deliverer = None

    def _match(self) -> list[Notice]:
        arrived, self._arrived = self._arrived, {}
        if self.kept is None or not arrived:
            return []
        subscriptions = self.kept.subscriptions()
        self._forget_all_but(subscriptions)
        if not subscriptions:
            return []
        rows = self.store.story_articles(list(arrived))
        names = self._names(rows) if any(s.entity is not None for s in subscriptions) else {}
        asking = [s for s in subscriptions if s.query]
        notices = []
        for story, vectors in arrived.items():
            verdicts = self.matcher.passing([s.query or "" for s in asking], vectors)
            passed = {s.id for s, ok in zip(asking, verdicts, strict=True) if ok}
            for subscription in subscriptions:
                notice = self._notice(
                    subscription,
                    story,
                    subscription.id in passed,
                    rows.get(story, []),
                    names.get(story, set()),
                )
                if notice is not None:
                    notices.append(notice)
        return notices

    def _told(self, subscription: int) -> dict[int, Match]:
        """The stories the subscription has told, read from the store once per process: this
        process is the store's one writer, and keeps it up to date."""
        if subscription not in self._told_by:
            assert self.kept is not None
            self._told_by[subscription] = {m.story: m for m in self.kept.matches(subscription)}
        return self._told_by[subscription]

    def _forget_all_but(self, subscriptions: list[Subscription]) -> None:
        """Drop what is known of removed subscriptions."""
        kept = {s.id for s in subscriptions}
        for gone in set(self._told_by) - kept:
            del self._told_by[gone]
        self._passed = {pair for pair in self._passed if pair[0] in kept}

    def _names(self, rows: Mapping[int, list[ArticleRow]]) -> dict[int, set[int]]:
        by_article = self.store.entity_ids([row.id for found in rows.values() for row in found])
        return {
            story: set().union(*(by_article.get(row.id, set()) for row in found))
            for story, found in rows.items()
        }

    def _notice(
        self,
        subscription: Subscription,
        story: int,
        query_passed: bool,
        rows: list[ArticleRow],
        names: set[int],
    ) -> Notice | None:
        assert self.kept is not None
        if not rows:
            return None
        languages = tuple(sorted({row.lang for row in rows}))
        told = self._told(subscription.id)
        before = told.get(story)
        if before is not None:
            gained = tuple(lang for lang in languages if lang not in before.languages)
            if not gained:
                return None
            told[story] = Match(subscription.id, story, languages, before.first_matched, now())
            self.kept.put_match(told[story])
            return Notice(subscription, story, "grown", languages, gained)
        key = (subscription.id, story)
        if query_passed:
            self._passed.add(key)
        if subscription.query and key not in self._passed:
            return None
        if not self.matcher.filters_pass(subscription, rows, names):
            return None
        moment = now()
        told[story] = Match(subscription.id, story, languages, moment, moment)
        self.kept.put_match(told[story])
        self._passed.discard(key)
        return Notice(subscription, story, "new", languages, languages)
