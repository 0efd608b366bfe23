-- When an article was first seen (fetched, archived or ingested) apart from when it was
-- published, and what says when it was published, give or take how much: a page's offset
-- time is exact, a bare date or a local time of an unknown zone is not. Articles stored
-- before were first seen when they were ingested.
ALTER TABLE articles ADD COLUMN seen_at TIMESTAMPTZ;
UPDATE articles SET seen_at = ingested_at;
ALTER TABLE articles ADD COLUMN published_from TEXT;
ALTER TABLE articles ADD COLUMN published_margin DOUBLE PRECISION NOT NULL DEFAULT 0;

-- The version each version was made from, judged once with its link: NULL with
-- source_judged set when its text does not tell.
ALTER TABLE version_links ADD COLUMN source_id BIGINT
    REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE version_links ADD COLUMN source_judged BOOLEAN NOT NULL DEFAULT FALSE;
