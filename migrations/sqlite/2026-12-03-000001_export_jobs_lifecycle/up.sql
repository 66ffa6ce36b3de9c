-- Research releases requested over HTTP run as jobs: queued → running → done | failed, and a done
-- release is later deleted (by its requester or an admin) or expired (retention,
-- REGISTRY_RELEASE_DAYS). The job shows its stage and percent while it runs, and once done the
-- manifest and the SHA-256 of the zip, whose file (a name inside the release directory) is kept
-- until then. No code wrote the first version of this table, so it is replaced, not copied.
DROP TABLE export_jobs;
CREATE TABLE export_jobs (
    id           TEXT PRIMARY KEY,
    requested_by TEXT NOT NULL REFERENCES users (id),
    cohort       TEXT NOT NULL,
    k            INTEGER NOT NULL,
    status       TEXT NOT NULL
                 CHECK (status IN ('queued', 'running', 'done', 'failed', 'deleted', 'expired')),
    percent      INTEGER NOT NULL DEFAULT 0,
    stage        TEXT,
    data_cut     DATE,
    manifest     TEXT,
    sha256       TEXT,
    file_name    TEXT,
    error        TEXT,
    created_at   TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP,
    expires_at   TIMESTAMP
);
CREATE INDEX export_jobs_requester ON export_jobs (requested_by, created_at);
CREATE INDEX export_jobs_status ON export_jobs (status, created_at);
