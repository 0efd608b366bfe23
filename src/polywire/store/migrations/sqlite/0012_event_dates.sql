-- When each article's event happened, as far as it tells (polywire.extract.events): the day,
-- ISO 8601 ('2024-10-03', or '--10-03' when the text names no year and the article has no
-- date), how it was found and how sure it is. A story is bounded by its articles' days,
-- and a restarted clusterer must see them as the first one did.
ALTER TABLE articles ADD COLUMN event_day TEXT
    CHECK (event_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
           OR event_day GLOB '--[0-9][0-9]-[0-9][0-9]');
ALTER TABLE articles ADD COLUMN event_source TEXT NOT NULL DEFAULT 'unknown'
    CHECK (event_source IN ('named', 'published', 'unknown'));
ALTER TABLE articles ADD COLUMN event_confidence REAL NOT NULL DEFAULT 0;
-- Articles stored before have their publication day, where they have one (confidence as
-- extract.events.PUBLISHED gives it): their text is not read again.
UPDATE articles
SET event_day = substr(published_at, 1, 10), event_source = 'published', event_confidence = 0.5
WHERE published_at IS NOT NULL;
