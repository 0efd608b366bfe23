-- What each version of a family is of its original (as in the SQLite schema).
CREATE TABLE version_links (
    version_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    original_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    confidence DOUBLE PRECISION
);

CREATE INDEX version_links_original ON version_links (original_id);
