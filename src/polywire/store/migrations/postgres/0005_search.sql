-- Full-text search over titles and bodies. The 'simple' configuration only folds case:
-- Polywire's languages have no shared stemmer, and dense retrieval covers other languages.
CREATE INDEX articles_fts ON articles
    USING gin (to_tsvector('simple', title || ' ' || body));

CREATE INDEX articles_site ON articles (site);
