-- Groups form a hierarchy: thread ⊃ story ⊃ family ⊃ article.
CREATE TABLE threads (
    id INTEGER PRIMARY KEY
);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES threads (id)
);

CREATE TABLE families (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories (id)
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families (id),
    url TEXT UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    lang TEXT NOT NULL,
    site TEXT,
    author TEXT,
    published_at TEXT,
    ingested_at TEXT NOT NULL,
    -- When the article happened for clustering and timelines: published, else ingested.
    happened_at TEXT NOT NULL,
    vector BLOB NOT NULL
);

CREATE INDEX articles_family ON articles (family_id);
CREATE INDEX articles_happened ON articles (happened_at);
CREATE INDEX families_story ON families (story_id);
CREATE INDEX stories_thread ON stories (thread_id);
