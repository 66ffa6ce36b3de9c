CREATE TABLE imports_old (
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
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
INSERT INTO imports_old SELECT * FROM imports;
DROP TABLE imports;
ALTER TABLE imports_old RENAME TO imports;
CREATE INDEX imports_center ON imports (center_id, created_at);
