ALTER TABLE visits DROP COLUMN missing_fields;
