"""Full-text search over titles and bodies, the one index each database builds its own way.

SQLite: FTS5, kept in step with the articles by triggers; unicode61 folds case and
diacritics in every script, so one index serves all languages. PostgreSQL: a GIN index
of ``tsvector`` with the 'simple' configuration, which only folds case: Polywire's
languages share no stemmer, and dense retrieval covers the rest.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

_FTS = "INSERT INTO articles_fts (articles_fts, rowid, title, body)"
_SQLITE = (
    """CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, content = 'articles',
        content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    f"""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        {_FTS} VALUES ('delete', old.id, old.title, old.body); END""",
    f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        {_FTS} VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body); END""",
)
_VECTOR = "to_tsvector('simple', title || ' ' || body)"
_QUERY = {
    "sqlite": """SELECT rowid FROM articles_fts WHERE articles_fts MATCH :words
                 ORDER BY bm25(articles_fts) LIMIT :limit""",
    "postgresql": f"""SELECT id FROM articles, to_tsquery('simple', :words) AS q
                      WHERE {_VECTOR} @@ q ORDER BY ts_rank({_VECTOR}, q) DESC, id LIMIT :limit""",
}


def create_index(db: Connection) -> None:
    postgres = (f"CREATE INDEX articles_fts ON articles USING gin ({_VECTOR})",)
    for statement in _SQLITE if db.dialect.name == "sqlite" else postgres:
        db.exec_driver_sql(statement)


def search(db: Connection, query: str, limit: int) -> list[int]:
    """Ids of the articles whose words best match ``query``'s, best first."""
    words = re.findall(r"\w+", query.lower())[:32]
    if not words:
        return []
    # Quoted: the words reach the index as terms, never as its operators.
    sqlite = db.dialect.name == "sqlite"
    quoted = " OR ".join(f'"{w}"' for w in words) if sqlite else " | ".join(f"'{w}'" for w in words)
    found = db.execute(text(_QUERY[db.dialect.name]), {"words": quoted, "limit": limit})
    return [int(row[0]) for row in found]
