-- How many stored pages of each site carried a line: lines on many pages of a site are its template.
CREATE TABLE site_lines (
    site TEXT NOT NULL,
    line_hash TEXT NOT NULL,
    pages INTEGER NOT NULL,
    PRIMARY KEY (site, line_hash)
);
