-- Sentence embeddings of an article, made on demand for alignment and kept: embedding is the cost.
CREATE TABLE sentence_vectors (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    sentences INTEGER NOT NULL,
    vectors BYTEA NOT NULL
);
