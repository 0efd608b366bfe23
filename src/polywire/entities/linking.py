"""Mentions to entities, as the store links them when it keeps an article's names.

A mention joins the entity it was aligned to, else the entity that its first
known lookup key names, else a new one, and registers its keys so that later
mentions find that entity; a key keeps the first entity it named. The store
reads the owners of all of an article's lookup keys in one query and writes
the result in two batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from polywire.model import Mention


@dataclass
class Links:
    """What storing an article's mentions writes."""

    keys: list[tuple[str, int]] = field(default_factory=list)
    """(key, entity) pairs to store unless the key has an entity already."""
    mentions: list[tuple[int, str, int, float | None]] = field(default_factory=list)
    """(entity, form, count, position) of each mention."""


def lookup_keys(mentions: Iterable[Mention]) -> list[str]:
    """Every key the mentions look up: with their stored owners, all ``link`` needs."""
    return sorted({key for mention in mentions for key in mention.lookup})


def link(
    mentions: Iterable[Mention], owners: dict[str, int], new_entity: Callable[[str], int]
) -> Links:
    """Each mention's entity, and the keys to store.

    ``owners`` maps the stored lookup keys to their entities; it is updated in place with
    the keys each mention registers, so later mentions of the article find them.
    ``new_entity(form)`` stores an entity and returns its id.
    """
    links = Links()
    for mention in mentions:
        entity = mention.entity
        if entity is None:
            entity = next((owners[key] for key in mention.lookup if key in owners), None)
        if entity is None:
            entity = new_entity(mention.form)
        for key in mention.register:
            owners.setdefault(key, entity)
        links.keys.extend((key, entity) for key in mention.register)
        links.mentions.append((entity, mention.form, mention.count, mention.position))
    return links
