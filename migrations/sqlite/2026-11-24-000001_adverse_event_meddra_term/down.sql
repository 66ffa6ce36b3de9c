ALTER TABLE adverse_events DROP COLUMN meddra_term;
