-- What each version of a family is of its original, judged from the texts once and kept.
-- A link whose original is no longer the family's original is judged again.
CREATE TABLE version_links (
    version_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    original_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    confidence REAL
);

CREATE INDEX version_links_original ON version_links (original_id);
