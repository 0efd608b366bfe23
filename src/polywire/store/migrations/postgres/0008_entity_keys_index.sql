-- Reading a story's names joins entity keys by entity: without this, every read scans them all.
CREATE INDEX entity_keys_entity ON entity_keys (entity_id);
