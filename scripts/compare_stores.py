"""Whether two SQLite stores hold the same ingest, row by row, table by table.

Usage: python scripts/compare_stores.py BEFORE.db AFTER.db

Meant for a speed change: ingest the same articles with two checkouts (e.g. with
``scripts/ingest_time.py --keep``) and compare what they stored, placements (articles,
families, stories), event dates, names and entity keys, version links and the vectors.
The clock times of the ingest itself (``ingested_at``, ``seen_at``, ``moved_at``) are left
out, and of a ``source`` only its file name and line are compared (each run reads a
temporary copy). Prints each table's row count and the first rows that differ; exits 1 if
any table differs.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

IGNORED = {"ingested_at", "seen_at", "moved_at", "alembic_version"}
"""When the ingest ran, not what it found."""
SHOWN = 3


def rows(db: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        names = [
            name
            for (name,) in connection.execute(f"SELECT name FROM pragma_table_info('{table}')")
            if name not in IGNORED
        ]
        if not names:  # a table this store does not have
            return []
        found = connection.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
    if "source" in names:
        at = names.index("source")
        found = [(*row[:at], Path(str(row[at])).name, *row[at + 1 :]) for row in found]
    return sorted(found, key=repr)


def tables(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        return [name for (name,) in connection.execute(query) if name not in IGNORED]


def main() -> None:
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    differ = False
    for table in sorted(set(tables(before)) | set(tables(after))):
        old, new = rows(before, table), rows(after, table)
        if old == new:
            print(f"{table}: {len(old)} rows, identical")
            continue
        differ = True
        gone, added = sorted(set(old) - set(new), key=repr), sorted(set(new) - set(old), key=repr)
        print(f"{table}: {len(old)} rows before, {len(new)} after, differ")
        for row in gone[:SHOWN]:
            print(f"  - {str(row)[:300]}")
        for row in added[:SHOWN]:
            print(f"  + {str(row)[:300]}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
