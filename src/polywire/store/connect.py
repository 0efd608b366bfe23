"""How each database is opened, and how it keeps one writer: the locking that differs.

SQLite: one file in WAL mode; a write takes the file's write lock as it begins
(``BEGIN IMMEDIATE``), and the store's one writer holds ``flock`` on ``FILE-writer``.
PostgreSQL, through psycopg 3: the writer holds a session advisory lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text

_WRITER_LOCK = 0x706F6C77  # any constant: the same in every Polywire process
# With WAL, synchronous=NORMAL never corrupts the file; it syncs at checkpoints, not at every
# commit, so a power cut may lose the last few articles (never an application crash).
_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000")


def is_server_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def engine_for(location: str) -> Engine:
    """An engine for a ``postgresql://`` URL, else for an SQLite file path."""
    if is_server_url(location):
        return create_engine(make_url(location).set(drivername="postgresql+psycopg"))
    Path(location).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # Any thread may use the store: the web server's workers share it.
    engine = create_engine(f"sqlite:///{location}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi: Any, _: object) -> None:
    dbapi.isolation_level = None  # no BEGIN of the driver's own: _sqlite_begin's
    for pragma in _PRAGMAS:
        dbapi.execute(f"PRAGMA {pragma}")


def _sqlite_begin(connection: Connection) -> None:
    # A write locks at once: a read lock may fail to become a write lock later. A read is
    # one statement, a transaction of its own: a BEGIN would cost it a tenth of its time.
    if connection.get_execution_options().get("write"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class WriterLock:
    """The store's one writer (ingest, watch), until ``release``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._held: Connection | int | None = None

    def claim(self, wait: bool) -> bool:
        """Become the writer; False when another process is and ``wait`` is false."""
        if self._engine.dialect.name == "postgresql":
            # A session lock: it holds until its connection closes, even if the process dies.
            if not isinstance(self._held, Connection):
                self._held = self._engine.connect()
            call = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
            got = self._held.scalar(text(f"SELECT {call}(:key)::text"), {"key": _WRITER_LOCK})
            self._held.commit()
            return bool(got != "false")
        # A file of its own: closing any descriptor of the database file would drop the
        # POSIX locks SQLite holds on it.
        if not isinstance(self._held, int):
            self._held = os.open(
                f"{self._engine.url.database}-writer", os.O_RDWR | os.O_CREAT, 0o644
            )
        try:
            fcntl.flock(self._held, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True

    def release(self) -> None:
        if isinstance(self._held, Connection):
            # Unlocked now: a closed connection's server process may end a moment later.
            self._held.execute(text("SELECT pg_advisory_unlock_all()"))
            self._held.detach()  # closed for good, not back to the pool
            self._held.close()
        elif self._held is not None:
            os.close(self._held)
        self._held = None
