-- The sentence alignment behind each judged link (as in the SQLite schema).
ALTER TABLE version_links ADD COLUMN beads TEXT;
