-- Followed subjects (polywire.follow.storage): a query, an entity or both, with filters.
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    query TEXT,
    entity_id INTEGER,
    entity_name TEXT,
    lang TEXT,
    site TEXT,
    headline_lang TEXT,
    webhook_url TEXT,
    secret TEXT,
    created_at TEXT NOT NULL,
    CHECK (query IS NOT NULL OR entity_id IS NOT NULL)
);

-- The stories each subscription has told, with the languages they had (comma-separated):
-- a story told again only when it gains one.
CREATE TABLE subscription_matches (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    languages TEXT NOT NULL,
    first_matched TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (subscription_id, story_id)
) WITHOUT ROWID;

-- Every webhook attempt, successful or not.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,
    event TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status INTEGER,
    error TEXT,
    at TEXT NOT NULL
);
CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, id);
