-- The registry's schema. Portable types only (TEXT ids holding UUIDs, DATE, TIMESTAMP in UTC,
-- BOOLEAN, INTEGER/BIGINT, exact decimals as TEXT) so one diesel schema serves SQLite and
-- PostgreSQL. Every table holding patient data carries center_id; nothing clinical is deleted
-- (deleted_at, deleted_by, delete_reason); every mutable row has a version for If-Match.

CREATE TABLE centers (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'center', 'researcher')),
    center_id     TEXT REFERENCES centers (id),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ((role = 'center') = (center_id IS NOT NULL))
);

CREATE TABLE imports (
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
CREATE INDEX imports_center ON imports (center_id, created_at);

CREATE TABLE patients (
    id                    TEXT PRIMARY KEY,
    center_id             TEXT NOT NULL REFERENCES centers (id),
    local_ref             TEXT NOT NULL,
    sex                   TEXT NOT NULL,
    birth_month           TEXT NOT NULL,
    diagnosis             TEXT NOT NULL,
    aa_subtype            TEXT,
    aa_episode_start      DATE,
    nail_involvement      BOOLEAN,
    childbearing_potential BOOLEAN,
    vaccination_programme_complete BOOLEAN,
    varicella_immune      BOOLEAN,
    consent_research      BOOLEAN NOT NULL,
    consent_date          DATE,
    consent_withdrawn_on  DATE,
    import_id             TEXT REFERENCES imports (id),
    created_at            TIMESTAMP NOT NULL,
    created_by            TEXT NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    updated_by            TEXT NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    deleted_at            TIMESTAMP,
    deleted_by            TEXT,
    delete_reason         TEXT,
    UNIQUE (center_id, local_ref)
);
CREATE INDEX patients_center_diagnosis ON patients (center_id, diagnosis, id);

CREATE TABLE treatment_episodes (
    id             TEXT PRIMARY KEY,
    center_id      TEXT NOT NULL REFERENCES centers (id),
    patient_id     TEXT NOT NULL REFERENCES patients (id),
    drug           TEXT NOT NULL,
    indication     TEXT NOT NULL,
    episode_number INTEGER NOT NULL,
    start_date     DATE NOT NULL,
    stop_date      DATE,
    stop_reason    TEXT,
    dose_amount    TEXT,
    dose_unit      TEXT,
    dose_frequency TEXT,
    warnings       TEXT NOT NULL DEFAULT '[]',
    rules_version  TEXT NOT NULL,
    import_id      TEXT REFERENCES imports (id),
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    updated_by     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    deleted_at     TIMESTAMP,
    deleted_by     TEXT,
    delete_reason  TEXT
);
CREATE INDEX treatment_episodes_patient ON treatment_episodes (patient_id, start_date);
CREATE INDEX treatment_episodes_center ON treatment_episodes (center_id, drug);

CREATE TABLE dose_changes (
    id             TEXT PRIMARY KEY,
    center_id      TEXT NOT NULL REFERENCES centers (id),
    episode_id     TEXT NOT NULL REFERENCES treatment_episodes (id),
    effective_date DATE NOT NULL,
    amount         TEXT NOT NULL,
    unit           TEXT NOT NULL,
    frequency      TEXT NOT NULL,
    is_taper       BOOLEAN NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    updated_by     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    deleted_at     TIMESTAMP,
    deleted_by     TEXT,
    delete_reason  TEXT
);
CREATE INDEX dose_changes_episode ON dose_changes (episode_id, effective_date);

CREATE TABLE interruptions (
    id             TEXT PRIMARY KEY,
    center_id      TEXT NOT NULL REFERENCES centers (id),
    episode_id     TEXT NOT NULL REFERENCES treatment_episodes (id),
    from_date      DATE NOT NULL,
    to_date        DATE,
    reason         TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    updated_by     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    deleted_at     TIMESTAMP,
    deleted_by     TEXT,
    delete_reason  TEXT
);
CREATE INDEX interruptions_episode ON interruptions (episode_id, from_date);

CREATE TABLE visits (
    id            TEXT PRIMARY KEY,
    center_id     TEXT NOT NULL REFERENCES centers (id),
    patient_id    TEXT NOT NULL REFERENCES patients (id),
    visit_date    DATE NOT NULL,
    weight_kg     TEXT,
    salt_top      TEXT,
    salt_back     TEXT,
    salt_right    TEXT,
    salt_left     TEXT,
    salt_total    TEXT,
    easi_regions  TEXT,
    easi_total    TEXT,
    pp_nrs        INTEGER,
    viga          INTEGER,
    poem_items    TEXT,
    poem_total    INTEGER,
    dlqi_items    TEXT,
    dlqi_total    INTEGER,
    cdlqi_items   TEXT,
    cdlqi_total   INTEGER,
    idqol_items   TEXT,
    idqol_total   INTEGER,
    eyebrows      INTEGER,
    eyelashes     INTEGER,
    vellus_hair   BOOLEAN,
    wig           BOOLEAN,
    computed      TEXT NOT NULL DEFAULT '{}',
    warnings      TEXT NOT NULL DEFAULT '[]',
    rules_version TEXT NOT NULL,
    import_id     TEXT REFERENCES imports (id),
    created_at    TIMESTAMP NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    deleted_at    TIMESTAMP,
    deleted_by    TEXT,
    delete_reason TEXT
);
-- A visit is unique per patient and date among the visits not deleted.
CREATE UNIQUE INDEX visits_patient_date ON visits (patient_id, visit_date) WHERE deleted_at IS NULL;
CREATE INDEX visits_center ON visits (center_id, visit_date);

CREATE TABLE lab_results (
    id              TEXT PRIMARY KEY,
    center_id       TEXT NOT NULL REFERENCES centers (id),
    patient_id      TEXT NOT NULL REFERENCES patients (id),
    visit_id        TEXT REFERENCES visits (id),
    sample_date     DATE NOT NULL,
    analyte         TEXT NOT NULL,
    value           TEXT NOT NULL,
    unit            TEXT NOT NULL,
    canonical_value TEXT NOT NULL,
    canonical_unit  TEXT NOT NULL,
    uln             TEXT,
    lln             TEXT,
    flags           TEXT NOT NULL DEFAULT '[]',
    rules_version   TEXT NOT NULL,
    import_id       TEXT REFERENCES imports (id),
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    updated_by      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    deleted_at      TIMESTAMP,
    deleted_by      TEXT,
    delete_reason   TEXT
);
CREATE INDEX lab_results_patient ON lab_results (patient_id, analyte, sample_date);
CREATE INDEX lab_results_center ON lab_results (center_id, sample_date);

CREATE TABLE adverse_events (
    id            TEXT PRIMARY KEY,
    center_id     TEXT NOT NULL REFERENCES centers (id),
    patient_id    TEXT NOT NULL REFERENCES patients (id),
    visit_id      TEXT REFERENCES visits (id),
    episode_id    TEXT REFERENCES treatment_episodes (id),
    term          TEXT NOT NULL,
    meddra_code   TEXT,
    category      TEXT,
    onset_date    DATE NOT NULL,
    end_date      DATE,
    grade         INTEGER NOT NULL,
    serious       BOOLEAN NOT NULL,
    seriousness   TEXT NOT NULL DEFAULT '[]',
    causality     TEXT,
    action        TEXT,
    outcome       TEXT,
    flags         TEXT NOT NULL DEFAULT '[]',
    rules_version TEXT NOT NULL,
    import_id     TEXT REFERENCES imports (id),
    created_at    TIMESTAMP NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    deleted_at    TIMESTAMP,
    deleted_by    TEXT,
    delete_reason TEXT
);
CREATE INDEX adverse_events_patient ON adverse_events (patient_id, onset_date);
CREATE INDEX adverse_events_center ON adverse_events (center_id, onset_date);

CREATE TABLE vaccinations (
    id               TEXT PRIMARY KEY,
    center_id        TEXT NOT NULL REFERENCES centers (id),
    patient_id       TEXT NOT NULL REFERENCES patients (id),
    vaccine          TEXT NOT NULL,
    dose_number      INTEGER,
    vaccination_date DATE NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    updated_by       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    deleted_at       TIMESTAMP,
    deleted_by       TEXT,
    delete_reason    TEXT
);
CREATE INDEX vaccinations_patient ON vaccinations (patient_id, vaccination_date);

CREATE TABLE comorbidities (
    id            TEXT PRIMARY KEY,
    center_id     TEXT NOT NULL REFERENCES centers (id),
    patient_id    TEXT NOT NULL REFERENCES patients (id),
    condition     TEXT NOT NULL,
    onset_year    INTEGER,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    deleted_at    TIMESTAMP,
    deleted_by    TEXT,
    delete_reason TEXT
);
CREATE INDEX comorbidities_patient ON comorbidities (patient_id);

CREATE TABLE data_queries (
    id          TEXT PRIMARY KEY,
    center_id   TEXT NOT NULL REFERENCES centers (id),
    patient_id  TEXT REFERENCES patients (id),
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    field       TEXT,
    message     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
    answer      TEXT,
    raised_by   TEXT NOT NULL REFERENCES users (id),
    raised_at   TIMESTAMP NOT NULL,
    answered_by TEXT REFERENCES users (id),
    answered_at TIMESTAMP,
    closed_at   TIMESTAMP,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX data_queries_center ON data_queries (center_id, status);

-- The audit trail: one hash chain per center (chain = center id) plus one for events that
-- belong to no center (chain = 'global'). audit_heads holds each chain's last link; taking its
-- row lock serialises appends to one chain without serialising the whole registry.
CREATE TABLE audit_events (
    id          TEXT PRIMARY KEY,
    chain       TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor_id    TEXT,
    actor_role  TEXT,
    center_id   TEXT,
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    action      TEXT NOT NULL,
    reason      TEXT,
    before_json TEXT,
    after_json  TEXT,
    request_id  TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);
CREATE INDEX audit_events_time ON audit_events (occurred_at);

CREATE TABLE audit_heads (
    chain TEXT PRIMARY KEY,
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);

CREATE TABLE idempotency_records (
    user_id        TEXT NOT NULL,
    idem_key       TEXT NOT NULL,
    method         TEXT NOT NULL,
    path           TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status         INTEGER NOT NULL,
    response_body  TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);

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

CREATE TABLE revoked_tokens (
    jti        TEXT PRIMARY KEY,
    expires_at TIMESTAMP NOT NULL
);
