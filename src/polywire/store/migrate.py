"""The schema's history in Alembic, one for both databases, data migrations included.

A new store is made from ``tables`` and marked as at the latest revision (Alembic's way
to build a database from scratch); one that exists is upgraded in place. A store from
before Alembic (schema 13 or 14, numbered SQL migrations) starts at revision ``0013``.
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from polywire.store import tables

LEGACY = (13, 14)
"""The last schemas of the numbered SQL migrations, which start at revision 0013: 14 only
added following's tables, which revision 0015 makes where they are missing."""


class StoreUnusable(Exception):
    """The store cannot be opened: not a Polywire store, damaged, or from a newer Polywire."""


def upgrade(engine: Engine) -> None:
    """Bring the store to the latest revision; refuse one that this Polywire cannot upgrade,
    leaving it as it was."""
    config = Config()
    config.set_main_option("script_location", str(resources.files(__package__) / "migrations"))
    # Two processes starting at once migrate in turn: SQLite's write lock, taken as the
    # transaction begins, or an advisory lock on PostgreSQL.
    with engine.execution_options(write=True).begin() as db:
        if db.dialect.name == "postgresql":
            db.execute(text("SELECT pg_advisory_xact_lock(1886350457)"))  # "poly" in ASCII
        config.attributes["connection"] = db
        current = MigrationContext.configure(db).get_current_revision()
        known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
        if current is None:
            _start(db, config)
        elif current not in known:
            raise StoreUnusable(
                f"this store was written by a newer Polywire (schema revision {current}): "
                "upgrade Polywire to use it"
            )
        command.upgrade(config, "head")


def _start(db: Connection, config: Config) -> None:
    """Mark a store Alembic has not seen: a new one, or one from before Alembic."""
    if not inspect(db).has_table("articles"):
        tables.metadata.create_all(db)
        return command.stamp(config, "head")
    sqlite = db.dialect.name == "sqlite"
    version = db.exec_driver_sql(
        "PRAGMA user_version" if sqlite else "SELECT max(version) FROM polywire_schema"
    ).scalar()
    if version not in LEGACY:
        raise StoreUnusable(
            f"this store has schema {version}, which this Polywire cannot upgrade: open it "
            "once with Polywire 0.1.0 (commit 2269432), which upgrades it to 13"
        )
    command.stamp(config, "0013")
