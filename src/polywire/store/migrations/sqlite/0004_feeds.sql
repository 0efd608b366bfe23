-- Watched feeds and their health; conditional-GET validators from the last good poll.
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    name TEXT,
    etag TEXT,
    last_modified TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT,
    items_seen INTEGER NOT NULL DEFAULT 0,
    delay_seconds_total REAL NOT NULL DEFAULT 0,
    delays INTEGER NOT NULL DEFAULT 0
);

-- Canonical URLs already fetched from feeds: checked before fetching, so an item costs nothing twice.
CREATE TABLE seen_urls (
    url TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
) WITHOUT ROWID;

-- Later texts of an article at the same URL: the article keeps its place in its story.
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    UNIQUE (article_id, content_hash)
);
