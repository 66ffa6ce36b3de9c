DROP TABLE export_jobs;
CREATE TABLE export_jobs (
    id           TEXT PRIMARY KEY,
    requested_by TEXT NOT NULL REFERENCES users (id),
    cohort       TEXT NOT NULL,
    k            INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    progress     INTEGER NOT NULL DEFAULT 0,
    manifest     TEXT,
    file_path    TEXT,
    error        TEXT,
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX export_jobs_requester ON export_jobs (requested_by, created_at);
