-- An import is made by whoever the audit trail names as its actor: a user of the API, or the
-- operator's `registry import` on the server (the `system` actor, no user row). Like every other
-- created_by column, imports.created_by therefore holds the actor id without a foreign key.
-- SQLite cannot drop a constraint: the table is rebuilt (the tables pointing at imports keep
-- pointing at it by name). No release before this migration wrote imports, so the copy is empty.
CREATE TABLE imports_new (
    id           TEXT PRIMARY KEY,
    center_id    TEXT NOT NULL REFERENCES centers (id),
    kind         TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    mode         TEXT NOT NULL,
    rows_total   BIGINT NOT NULL,
    rows_created BIGINT NOT NULL,
    rows_updated BIGINT NOT NULL,
    rows_skipped BIGINT NOT NULL,
    rows_failed  BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
INSERT INTO imports_new SELECT * FROM imports;
DROP TABLE imports;
ALTER TABLE imports_new RENAME TO imports;
CREATE INDEX imports_center ON imports (center_id, created_at);
