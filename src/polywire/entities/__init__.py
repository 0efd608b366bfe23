"""People, places and organisations across scripts: mentions and their cross-script keys."""

from polywire.entities.keys import name_keys, word_key
from polywire.entities.mentions import find_mentions, same_names

__all__ = ["find_mentions", "name_keys", "same_names", "word_key"]
