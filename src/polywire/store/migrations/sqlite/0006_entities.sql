-- Named entities across scripts: each entity is reached by any of its keys, and
-- each article's mentions keep the form it wrote and how often.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE entity_keys (
    key TEXT PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities (id)
) WITHOUT ROWID;

CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    form TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id, form)
) WITHOUT ROWID;

CREATE INDEX mentions_entity ON mentions (entity_id);
