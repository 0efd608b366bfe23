-- Where a name first occurs, as a share of its article's length: a translation keeps its
-- names at about the same places, which tells a translated name from a merely similar one.
-- Mentions stored before have none.
ALTER TABLE mentions ADD COLUMN position DOUBLE PRECISION;
