-- A near-duplicate copy took the vector and groups of the stored article whose lead it all
-- but repeats. The clusterer never learns a copy, so a restarted pipeline must know which
-- articles are copies to rebuild the same window.
ALTER TABLE articles ADD COLUMN copy_of INTEGER REFERENCES articles (id);
