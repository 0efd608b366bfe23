"""The pipeline's learnt state on disk, so that a restart need not replay the window.

A snapshot holds what the pipeline learns from the articles in its window: the
clusterer's held articles and placements, vector indexes, group lists and word
frequencies, the near-duplicate index and the common words. It is written next
to an SQLite store (``polywire.db.snapshot``), or for a PostgreSQL store in the
user's cache folder under a hash of its URL, and only by the store's writer.

A file is written whole to a temporary name, flushed to disk and renamed over
the old one, so a crash leaves the old snapshot or the new one, never half of
one. It is trusted only if its header matches: its format, the settings and
fitted rules it was made with, a checksum of its contents (CRC-32: it is
there to catch a torn or damaged file, at a fifth of a cryptographic hash's
cost), and the store as it was when it was written (how many articles, and
the latest article's time). A store that has moved on since, a torn or
damaged file, a snapshot made under other settings: each is refused with the
reason, and the caller rebuilds from the store.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from polywire.store import is_server_url

FORMAT = 3


class Refused(Exception):
    """The snapshot cannot be used; the message says why."""


@dataclass(frozen=True)
class StoreMark:
    """Where the store stood: how many articles, and the latest one's time."""

    articles: int
    latest: str | None

    @classmethod
    def of(cls, articles: int, latest: datetime | None) -> StoreMark:
        return cls(articles, latest.isoformat() if latest else None)


def snapshot_path(location: str) -> Path:
    """Where the snapshot of the store at ``location`` lives."""
    if is_server_url(location):
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        digest = hashlib.sha256(location.encode("utf-8")).hexdigest()[:32]
        return cache / "polywire" / f"snapshot-{digest}.bin"
    return Path(f"{Path(location).expanduser()}.snapshot")


def save(path: Path, state: Any, mark: StoreMark, made_with: dict[str, Any]) -> None:
    """Write ``state`` atomically, with what it must match to be read back."""
    payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    header = {
        "format": FORMAT,
        "store": [mark.articles, mark.latest],
        "made_with": made_with,
        "bytes": len(payload),
        "crc32": zlib.crc32(payload),
        "written": datetime.now().astimezone().isoformat(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as out:
        out.write(json.dumps(header).encode("utf-8") + b"\n")
        out.write(payload)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the rename itself survives a power cut
    finally:
        os.close(folder)


def load(path: Path, mark: StoreMark, made_with: dict[str, Any]) -> Any:
    """The state saved at ``path``, if it is whole and matches; else ``Refused``."""
    try:
        with path.open("rb") as source:
            header = json.loads(source.readline())
            payload = source.read()
    except FileNotFoundError:
        raise Refused("no snapshot yet") from None
    except (OSError, ValueError) as exc:
        raise Refused(f"unreadable ({exc})") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise Refused("written in another format")
    if header.get("made_with") != made_with:
        raise Refused("made with other settings or rules")
    if header.get("bytes") != len(payload) or zlib.crc32(payload) != header.get("crc32"):
        raise Refused("damaged: its contents do not match its checksum")
    if header.get("store") != [mark.articles, mark.latest]:
        saved, latest = header.get("store") or [None, None]
        raise Refused(
            f"stale: made at {saved} articles (latest {latest}), "
            f"the store has {mark.articles} (latest {mark.latest})"
        )
    try:
        return pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as exc:
        raise Refused(f"unusable ({exc!r})") from None


def remove_leftovers(path: Path) -> None:
    """Delete temporary files a killed writer left beside ``path``."""
    for leftover in path.parent.glob(f"{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)
