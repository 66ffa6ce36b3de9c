-- The MedDRA term name beside its code (CLINICAL.md §4: store the coded term when the center has
-- it), so the categories of special interest can be derived again from every term recorded.
ALTER TABLE adverse_events ADD COLUMN meddra_term TEXT;
