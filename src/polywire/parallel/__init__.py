"""Running the parallel stages of ingest on a distributed engine (Ray) for backfills."""
