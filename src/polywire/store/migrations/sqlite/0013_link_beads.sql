-- The sentence alignment behind each judged link, judged at ingest, so that pages only read:
-- a JSON list of [left sentence indices, right sentence indices] pairs.
ALTER TABLE version_links ADD COLUMN beads TEXT;
