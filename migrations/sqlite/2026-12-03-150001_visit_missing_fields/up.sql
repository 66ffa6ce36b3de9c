-- Fields of a visit recorded as missing with a reason (not done, not applicable, unknown), as a
-- JSON object {field: reason}; the completeness report counts them as resolved, not missing.
ALTER TABLE visits ADD COLUMN missing_fields TEXT NOT NULL DEFAULT '{}';
